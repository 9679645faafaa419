using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Outbox;

namespace SupportBot.Storage.Redis;

/// <summary>The activity carrying each card in each conversation, in Redis. Key: cards:{merge key} (hash conversation id → {activityId, version}).</summary>
public sealed class RedisPostedCardStore(RedisConnection redis) : IPostedCardStore
{
    private RedisKey Cards(string mergeKey) => redis.Key($"cards:{mergeKey}");

    public async Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct)
    {
        var json = await redis.Run(db => db.HashGetAsync(Cards(mergeKey), conversationId, Primary));
        return json.IsNull ? null : StoreJson.Read<PostedCard>(json!);
    }

    public async Task<IReadOnlyDictionary<string, PostedCard>> ListAsync(string mergeKey, CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashGetAllAsync(Cards(mergeKey), Primary));
        return all.ToDictionary(e => (string)e.Name!, e => StoreJson.Read<PostedCard>(e.Value!), StringComparer.Ordinal);
    }

    public Task RemoveAllAsync(string mergeKey, CancellationToken ct) => redis.Run(db => db.KeyDeleteAsync(Cards(mergeKey)));

    public async Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct)
    {
        var epoch = redis.Epoch;
        await redis.Run(db => db.HashSetAsync(Cards(mergeKey), conversationId, StoreJson.Write(card)));
        await redis.ReplicatedAsync(Cards(mergeKey), epoch);
    }
}
