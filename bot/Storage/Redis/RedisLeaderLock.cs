using static SupportBot.Storage.Redis.RedisConnection;
using StackExchange.Redis;
using SupportBot.Coordination;

namespace SupportBot.Storage.Redis;

/// <summary>
/// A lease in Redis: key leader:{name} holds this instance's id and expires on its own, so a crashed leader is
/// replaced after at most one lease. Acquire and renew are one script, so only the holder can extend it.
/// </summary>
public sealed class RedisLeaderLock(RedisConnection redis) : ILeaderLock
{
    private const string AcquireScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        if holder then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>Who this instance is to the other instances.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<bool> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct)
    {
        var result = await redis.Run(db => db.ScriptEvaluateAsync(AcquireScript, [redis.Key($"leader:{name}")],
            [InstanceId, (long)lease.TotalMilliseconds], flags: Primary));
        return (int)result == 1;
    }

    public Task ReleaseAsync(string name, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(ReleaseScript, [redis.Key($"leader:{name}")], [InstanceId], flags: Primary));
}
