using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The channels' storms in Redis, so that every instance sees the same storm: one slot group {storm:&lt;conversation&gt;}
/// per channel, each step one Lua script. ...:recent (sorted set incident number → when it opened into the channel, Unix
/// ms, only the storm window kept), ...:state (hash: last = the last roll-up id, open = the id new incidents join),
/// ...:member (hash incident number → roll-up id), ...:versions (hash roll-up id → version), ...:own (set of the incident
/// numbers given a card of their own), ...:pending (set: of those, the ones whose card has not reached the channel yet).
/// </summary>
public sealed class RedisStormStore(RedisConnection redis) : IStormStore
{
    // KEYS: recent, state, member, versions, own, pending. ARGV: number, now ms, window ms, threshold. {id, version}, or false: its own card.
    private const string AdmitScript = """
        local existing = redis.call('HGET', KEYS[3], ARGV[1])
        if existing then return {tonumber(existing), tonumber(redis.call('HGET', KEYS[4], existing) or '0')} end
        if redis.call('SISMEMBER', KEYS[5], ARGV[1]) == 1 then return false end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[2]) - tonumber(ARGV[3])))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        local id = redis.call('HGET', KEYS[2], 'open')
        if not id then
          if redis.call('ZCARD', KEYS[1]) <= tonumber(ARGV[4]) then
            redis.call('SADD', KEYS[5], ARGV[1])
            redis.call('SADD', KEYS[6], ARGV[1])
            return false
          end
          id = tostring(redis.call('HINCRBY', KEYS[2], 'last', 1))
          redis.call('HSET', KEYS[2], 'open', id)
        end
        redis.call('HSET', KEYS[3], ARGV[1], id)
        return {tonumber(id), redis.call('HINCRBY', KEYS[4], id, 1)}
        """;

    // KEYS: state, member, versions, own, pending. ARGV: number, posting (1 or 0). {id, version}: on that roll-up; false: post its own card.
    private const string DivertScript = """
        local existing = redis.call('HGET', KEYS[2], ARGV[1])
        if existing then return {tonumber(existing), tonumber(redis.call('HGET', KEYS[3], existing) or '0')} end
        if redis.call('SISMEMBER', KEYS[5], ARGV[1]) == 0 then return false end
        local id = redis.call('HGET', KEYS[1], 'open')
        if not id then
          if ARGV[2] == '1' then redis.call('SREM', KEYS[5], ARGV[1]) end
          return false
        end
        redis.call('SREM', KEYS[5], ARGV[1])
        redis.call('SREM', KEYS[4], ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], id)
        return {tonumber(id), redis.call('HINCRBY', KEYS[3], id, 1)}
        """;

    // KEYS: member, versions. ARGV: number.
    private const string TouchScript = """
        local id = redis.call('HGET', KEYS[1], ARGV[1])
        if not id then return false end
        return {tonumber(id), redis.call('HINCRBY', KEYS[2], id, 1)}
        """;

    // KEYS: state. ARGV: id.
    private const string CloseScript = """
        if redis.call('HGET', KEYS[1], 'open') == ARGV[1] then redis.call('HDEL', KEYS[1], 'open') end
        return 1
        """;

    // KEYS: state, member, versions, own, pending. ARGV: incident numbers. Roll-ups that lost members and are closed and empty go too.
    private const string ForgetScript = """
        local touched = {}
        for _, number in ipairs(ARGV) do
          redis.call('SREM', KEYS[4], number)
          redis.call('SREM', KEYS[5], number)
          local id = redis.call('HGET', KEYS[2], number)
          if id then redis.call('HDEL', KEYS[2], number); touched[id] = true end
        end
        if next(touched) == nil then return 0 end
        local kept = {}
        for _, id in ipairs(redis.call('HVALS', KEYS[2])) do kept[id] = true end
        local open = redis.call('HGET', KEYS[1], 'open')
        for id in pairs(touched) do
          if not kept[id] and id ~= open then redis.call('HDEL', KEYS[3], id) end
        end
        return 1
        """;

    private static string Group(string conversation) => "storm:" + conversation;
    private RedisKey Recent(string conversation) => redis.Key(Group(conversation), ":recent");
    private RedisKey State(string conversation) => redis.Key(Group(conversation), ":state");
    private RedisKey Member(string conversation) => redis.Key(Group(conversation), ":member");
    private RedisKey Versions(string conversation) => redis.Key(Group(conversation), ":versions");
    private RedisKey Own(string conversation) => redis.Key(Group(conversation), ":own");
    private RedisKey Pending(string conversation) => redis.Key(Group(conversation), ":pending");

    public async Task<RollUpVersion?> AdmitAsync(string conversationId, int number, DateTimeOffset now, int threshold, TimeSpan window, CancellationToken ct) =>
        Version(await redis.Run(db => db.ScriptEvaluateAsync(AdmitScript,
            [Recent(conversationId), State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId)],
            [number, now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, threshold], flags: Primary)));

    public async Task<RollUpVersion?> DivertAsync(string conversationId, int number, bool posting, CancellationToken ct) =>
        Version(await redis.Run(db => db.ScriptEvaluateAsync(DivertScript,
            [State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId)],
            [number, posting ? 1 : 0], flags: Primary)));

    public async Task<RollUpVersion?> TouchAsync(string conversationId, int number, CancellationToken ct) =>
        Version(await redis.Run(db => db.ScriptEvaluateAsync(TouchScript, [Member(conversationId), Versions(conversationId)], [number], flags: Primary)));

    public async Task<RollUp?> GetAsync(string conversationId, int id, CancellationToken ct)
    {
        var version = await redis.Run(db => db.HashGetAsync(Versions(conversationId), id, Primary));
        if (version.IsNull) return null;
        var open = await redis.Run(db => db.HashGetAsync(State(conversationId), "open", Primary));
        var members = await redis.Run(db => db.HashGetAllAsync(Member(conversationId), Primary));
        return new RollUp(id, (int)version, open == id,
            members.Where(m => (int)m.Value == id).Select(m => (int)m.Name).ToList());
    }

    public Task CloseAsync(string conversationId, int id, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(CloseScript, [State(conversationId)], [id], flags: Primary));

    public async Task<int?> RollUpOfAsync(string conversationId, int number, CancellationToken ct) =>
        (int?)await redis.Run(db => db.HashGetAsync(Member(conversationId), number, Primary));

    public async Task<IReadOnlySet<int>> MembersAsync(string conversationId, CancellationToken ct) =>
        (await redis.Run(db => db.HashKeysAsync(Member(conversationId), Primary))).Select(k => (int)k).ToHashSet();

    public Task ForgetAsync(string conversationId, IReadOnlyCollection<int> numbers, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(ForgetScript,
            [State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId)],
            numbers.Select(n => (RedisValue)n).ToArray(), flags: Primary));

    private static RollUpVersion? Version(RedisResult result)
    {
        if (result.IsNull) return null;
        var parts = (RedisResult[])result!;
        return new RollUpVersion((int)parts[0], (int)parts[1]);
    }
}
