using StackExchange.Redis;
using SupportBot.Outbox;
using static SupportBot.Storage.Redis.RedisConnection;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The tenant budgets in Redis, shared by every instance. Each tenant is a slot group of its own,
/// {outbox-tenant:&lt;tenant&gt;}: ...:sends (sorted set send id → the time it counts at, Unix ms: its bound until
/// settled, then when it was over), ...:urgent (sorted set: urgent sends refused a place → when each asks again) and
/// ...:paused (Unix ms until which nothing is given), so each step is one script
/// on one slot, on Redis Cluster too. Both expire on their own; nothing here needs a replica's confirmation (a place
/// lost in a failover costs at most a 429, which is waited out).
/// </summary>
public sealed class RedisTenantBudgetStore(RedisConnection redis) : ITenantBudgetStore
{
    // KEYS: sends, paused, urgent. ARGV: now ms, window ms, limit, places for sends not urgent, send id, bound ms,
    // expiry ms, '1' when urgent. {0}: taken; {1, paused until}; {2, next place (worked out here: a refused urgent send
    // waits for it in ...:urgent)}; {3, when the last waiting urgent send asks again}.
    private const string TakeScript = """
        local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
        local paused = redis.call('GET', KEYS[2])
        if paused and tonumber(paused) > now then return {1, paused} end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - window))
        local urgent = ARGV[8] == '1'
        if not urgent then
          local last = redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')[2]
          if last then return {3, last} end
        end
        local places = tonumber(urgent and ARGV[3] or ARGV[4])
        if redis.call('ZCARD', KEYS[1]) >= places then
          local placeth = tonumber(redis.call('ZREVRANGE', KEYS[1], places - 1, places - 1, 'WITHSCORES')[2])
          local free = math.min(placeth + window + 1, now + window)
          if urgent then
            redis.call('ZADD', KEYS[3], free, ARGV[5])
            redis.call('PEXPIRE', KEYS[3], ARGV[7])
          end
          return {2, free}
        end
        redis.call('ZADD', KEYS[1], ARGV[6], ARGV[5])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[7]) then redis.call('PEXPIRE', KEYS[1], ARGV[7]) end
        if urgent then redis.call('ZREM', KEYS[3], ARGV[5]) end
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
    private RedisKey UrgentWaiting(string tenant) => redis.Key(Group(tenant), ":urgent");

    public async Task<TenantTake> TryTakeAsync(string tenant, string sendId, DateTimeOffset now, DateTimeOffset bound, int limit, TimeSpan window, bool urgent, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var boundMs = RoundedUpMs(bound);
        var expiry = Math.Max(boundMs - nowMs, 0) + (long)TenantBudget.Kept.TotalMilliseconds;
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(TakeScript, [Sends(tenant), Paused(tenant), UrgentWaiting(tenant)],
            [nowMs, (long)window.TotalMilliseconds, limit, TenantBudget.ForOthers(limit), sendId, boundMs, expiry, urgent ? "1" : "0"], flags: Primary)))!;
        return (int)result[0] switch
        {
            0 => TenantTake.Granted,
            1 => TenantTake.NotBefore(DateTimeOffset.FromUnixTimeMilliseconds((long)result[1])),
            2 => TenantTake.NotBefore(DateTimeOffset.FromUnixTimeMilliseconds((long)(double)result[1])),
            _ => TenantTake.YieldedUntil(TenantBudget.AfterUrgent(DateTimeOffset.FromUnixTimeMilliseconds((long)(double)result[1]), now, window)),
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
