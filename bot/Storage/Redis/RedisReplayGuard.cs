using StackExchange.Redis;
using SupportBot.Sources.Auth;

namespace SupportBot.Storage.Redis;

/// <summary>Key replay:{key} set only if absent (SET NX PX): every instance refuses a signed webhook another one took.</summary>
public sealed class RedisReplayGuard(RedisConnection redis) : IReplayGuard
{
    public async ValueTask<bool> FirstUseAsync(string key, TimeSpan window, CancellationToken ct) =>
        await redis.Run(db => db.StringSetAsync(redis.Key($"replay:{key}"), 1, window, When.NotExists));

    public async ValueTask ForgetAsync(string key, CancellationToken ct) =>
        await redis.Run(db => db.KeyDeleteAsync(redis.Key($"replay:{key}")));
}
