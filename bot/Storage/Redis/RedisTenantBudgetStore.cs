using StackExchange.Redis;
using SupportBot.Outbox;
using static SupportBot.Storage.Redis.RedisConnection;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The tenant budgets in Redis, shared by every instance. Each tenant is a slot group of its own,
/// {outbox-tenant:&lt;tenant&gt;}: ...:sends (sorted set send id → the time it counts at, Unix ms: its bound until
/// settled, then when it was over) and ...:paused (Unix ms until which nothing is given), so each step is one script
/// on one slot, on Redis Cluster too. Both expire on their own; nothing here needs a replica's confirmation (a place
/// lost in a failover costs at most a 429, which is waited out).
/// </summary>
public sealed class RedisTenantBudgetStore(RedisConnection redis) : ITenantBudgetStore
{
    // KEYS: sends, paused. ARGV: now ms, oldest counted ms, limit, send id, bound ms, expiry ms.
    // {0}: taken; {1, paused until}; {2, the limit-th newest send's time}.
    private const string TakeScript = """
        local paused = redis.call('GET', KEYS[2])
        if paused and tonumber(paused) > tonumber(ARGV[1]) then return {1, paused} end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
        local limit = tonumber(ARGV[3])
        if redis.call('ZCARD', KEYS[1]) >= limit then
          return {2, redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')[2]}
        end
        redis.call('ZADD', KEYS[1], ARGV[5], ARGV[4])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[1], ARGV[6]) end
        return {0}
        """;

    // KEYS: sends. ARGV: send id, sent at ms or '' (nothing sent).
    private const string SettleScript = """
        if ARGV[2] == '' then return redis.call('ZREM', KEYS[1], ARGV[1]) end
        return redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])
        """;

    // KEYS: sends. ARGV: at ms, oldest kept ms, expiry ms, then one id per send.
    private const string RecordScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
        for i = 4, #ARGV do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) end
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        return 1
        """;

    // KEYS: paused. ARGV: until ms, expiry ms. A longer pause stays.
    private const string PauseScript = """
        local paused = redis.call('GET', KEYS[1])
        if paused and tonumber(paused) >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private static string Group(string tenant) => "outbox-tenant:" + tenant;
    private RedisKey Sends(string tenant) => redis.Key(Group(tenant), ":sends");
    private RedisKey Paused(string tenant) => redis.Key(Group(tenant), ":paused");

    public async Task<TenantTake> TryTakeAsync(string tenant, string sendId, DateTimeOffset now, DateTimeOffset bound, int limit, TimeSpan window, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var boundMs = RoundedUpMs(bound);
        var expiry = Math.Max(boundMs - nowMs, 0) + (long)TenantBudget.Kept.TotalMilliseconds;
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(TakeScript, [Sends(tenant), Paused(tenant)],
            [nowMs, nowMs - (long)window.TotalMilliseconds, limit, sendId, boundMs, expiry], flags: Primary)))!;
        return (int)result[0] switch
        {
            0 => TenantTake.Granted,
            1 => TenantTake.NotBefore(DateTimeOffset.FromUnixTimeMilliseconds((long)result[1])),
            _ => TenantTake.NotBefore(TenantBudget.NextPlace(DateTimeOffset.FromUnixTimeMilliseconds((long)(double)result[1]), now, window)),
        };
    }

    public Task SettleAsync(string tenant, string sendId, DateTimeOffset? at, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(SettleScript, [Sends(tenant)],
            [sendId, at is { } when ? RoundedUpMs(when).ToString() : ""], flags: Primary));

    public Task RecordAsync(string tenant, DateTimeOffset at, int count, CancellationToken ct)
    {
        if (count <= 0) return Task.CompletedTask;
        RedisValue[] args =
        [
            RoundedUpMs(at), (at - TenantBudget.Kept).ToUnixTimeMilliseconds(), (long)TenantBudget.Kept.TotalMilliseconds,
            .. Enumerable.Range(0, count).Select(_ => (RedisValue)Guid.NewGuid().ToString("N")),
        ];
        return redis.Run(db => db.ScriptEvaluateAsync(RecordScript, [Sends(tenant)], args, flags: Primary));
    }

    public Task PauseAsync(string tenant, DateTimeOffset until, CancellationToken ct)
    {
        var untilMs = RoundedUpMs(until);
        var expiry = Math.Max(untilMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0) + (long)TenantBudget.Kept.TotalMilliseconds;
        return redis.Run(db => db.ScriptEvaluateAsync(PauseScript, [Paused(tenant)], [untilMs, expiry], flags: Primary));
    }

    /// <summary>Send times round up: pacing must never think a send happened earlier than the channel saw it.</summary>
    private static long RoundedUpMs(DateTimeOffset at) => at.AddTicks(TimeSpan.TicksPerMillisecond - 1).ToUnixTimeMilliseconds();
}
