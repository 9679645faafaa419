using StackExchange.Redis;
using SupportBot.EarlyWarning;
using static SupportBot.Storage.Redis.RedisConnection;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Early warnings in Redis, so every instance lists the same warnings and a new leader carries on the old one's.
/// Keys, one slot group {early-warnings}: the hash (id → warning JSON, with its version in a second field), :raised
/// (sorted set id → raised-at, for digests) and :active (set of the ids still out). Warnings raised longer than
/// <see cref="Kept"/> ago are dropped as new ones are saved, so the keys stay small.
/// </summary>
public sealed class RedisEarlyWarningStore(RedisConnection redis) : IEarlyWarningStore
{
    /// <summary>Longer than any digest period looks back (a week), with room to spare.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(35);

    // Only a newer version replaces the stored one, so a slow leader's late write cannot undo a newer change.
    private const string SaveScript = """
        local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1] .. '#v'))
        if stored and stored >= tonumber(ARGV[3]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[1] .. '#v', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        if ARGV[5] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
        for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])) do
          redis.call('HDEL', KEYS[1], old, old .. '#v')
          redis.call('SREM', KEYS[3], old)
          redis.call('ZREM', KEYS[2], old)
        end
        return 1
        """;

    private const string Group = "early-warnings";
    private RedisKey Warnings => redis.Key(Group, "");
    private RedisKey Raised => redis.Key(Group, ":raised");
    private RedisKey Active => redis.Key(Group, ":active");

    public Task SaveAsync(SignalWarning warning, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(SaveScript, [Warnings, Raised, Active],
        [
            warning.Id, StoreJson.Write(warning), warning.Version, warning.RaisedAt.ToUnixTimeMilliseconds(), warning.IsActive ? "1" : "0",
            (warning.RaisedAt - Kept).ToUnixTimeMilliseconds(),
        ], flags: Primary));

    public async Task<SignalWarning?> GetAsync(string id, CancellationToken ct)
    {
        var json = await redis.Run(db => db.HashGetAsync(Warnings, id, Primary));
        return json.HasValue ? StoreJson.Read<SignalWarning>(json.ToString()) : null;
    }

    public async Task<IReadOnlyList<SignalWarning>> ListActiveAsync(CancellationToken ct)
    {
        var ids = await redis.Run(db => db.SetMembersAsync(Active, Primary));
        return (await ReadAsync(ids)).Where(w => w.IsActive).OrderBy(w => w.RaisedAt).ToList();
    }

    public async Task<IReadOnlyList<SignalWarning>> ListRaisedSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var ids = await redis.Run(db => db.SortedSetRangeByScoreAsync(Raised, since.ToUnixTimeMilliseconds(), double.PositiveInfinity, flags: Primary));
        return (await ReadAsync(ids)).OrderBy(w => w.RaisedAt).ToList();
    }

    private async Task<IEnumerable<SignalWarning>> ReadAsync(RedisValue[] ids)
    {
        if (ids.Length == 0) return [];
        var values = await redis.Run(db => db.HashGetAsync(Warnings, ids, Primary));
        return values.Where(v => v.HasValue).Select(v => StoreJson.Read<SignalWarning>(v.ToString()));
    }
}
