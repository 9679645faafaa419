using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The channels' storms in Redis, so that every instance sees the same storm: one slot group {storm:&lt;conversation&gt;}
/// per channel, each step one Lua script. ...:recent (sorted set incident number → when it opened into the channel, Unix
/// ms, only the storm window kept), ...:state (hash: last = the last roll-up id, open = the id new incidents join),
/// ...:member (hash incident number → roll-up id), ...:versions (hash roll-up id → version), ...:own (set of the incident
/// numbers given a card of their own), ...:pending (set: of those, the ones whose card has not reached the channel yet),
/// ...:lines (hash incident number → "&lt;incident version&gt; &lt;line&gt;": what its roll-up shows of it, see <see cref="RollUpLine"/>).
/// </summary>
public sealed class RedisStormStore(RedisConnection redis) : IStormStore
{
    // Keeps a member's line (ARGV version, text; no version: none given) unless the one kept is of a newer version.
    private const string KeepLine = """
        local function keep(lines, number, version, text)
          if version == '' then return end
          local old = redis.call('HGET', lines, number)
          if old and tonumber(string.match(old, '^(%d+) ')) >= tonumber(version) then return end
          redis.call('HSET', lines, number, version .. ' ' .. text)
        end
        """;

    // KEYS: recent, state, member, versions, own, pending, lines. ARGV: number, now ms, window ms, threshold, line version or '', line.
    // {id, version}, or false: its own card.
    private const string AdmitScript = KeepLine + "\n" + """
        local existing = redis.call('HGET', KEYS[3], ARGV[1])
        if existing then
          keep(KEYS[7], ARGV[1], ARGV[5], ARGV[6])
          return {tonumber(existing), tonumber(redis.call('HGET', KEYS[4], existing) or '0')}
        end
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
        keep(KEYS[7], ARGV[1], ARGV[5], ARGV[6])
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

    // KEYS: member, versions, lines. ARGV: number, line version or '', line.
    private const string TouchScript = KeepLine + "\n" + """
        local id = redis.call('HGET', KEYS[1], ARGV[1])
        if not id then return false end
        keep(KEYS[3], ARGV[1], ARGV[2], ARGV[3])
        return {tonumber(id), redis.call('HINCRBY', KEYS[2], id, 1)}
        """;

    // KEYS: member, lines. ARGV: number, line version, line.
    private const string NoteScript = KeepLine + "\n" + """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
        keep(KEYS[2], ARGV[1], ARGV[2], ARGV[3])
        return 1
        """;

    // KEYS: versions, state, member, lines. ARGV: id, with lines (1 or 0). {version, open (1 or 0), then each member's number and
    // line ('' for none, or not asked for)}, or false.
    private const string GetScript = """
        local version = redis.call('HGET', KEYS[1], ARGV[1])
        if not version then return false end
        local result = {tonumber(version), redis.call('HGET', KEYS[2], 'open') == ARGV[1] and 1 or 0}
        local all = redis.call('HGETALL', KEYS[3])
        for i = 1, #all, 2 do
          if all[i + 1] == ARGV[1] then
            result[#result + 1] = all[i]
            result[#result + 1] = ARGV[2] == '1' and redis.call('HGET', KEYS[4], all[i]) or ''
          end
        end
        return result
        """;

    // KEYS: state. ARGV: id.
    private const string CloseScript = """
        if redis.call('HGET', KEYS[1], 'open') == ARGV[1] then redis.call('HDEL', KEYS[1], 'open') end
        return 1
        """;

    // KEYS: state, member, versions, own, pending, lines. ARGV: incident numbers. Roll-ups that lost members and are closed and empty go too.
    private const string ForgetScript = """
        local touched = {}
        for _, number in ipairs(ARGV) do
          redis.call('SREM', KEYS[4], number)
          redis.call('SREM', KEYS[5], number)
          redis.call('HDEL', KEYS[6], number)
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
    private RedisKey Lines(string conversation) => redis.Key(Group(conversation), ":lines");

    public async Task<RollUpVersion?> AdmitAsync(string conversationId, int number, DateTimeOffset now, int threshold, TimeSpan window, CancellationToken ct,
        RollUpLine? line = null) =>
        Joined(conversationId, number, Version(await redis.Run(db => db.ScriptEvaluateAsync(AdmitScript,
            [Recent(conversationId), State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId),
             Lines(conversationId)],
            [number, now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, threshold, LineVersion(line), line?.Text ?? ""], flags: Primary))));

    public async Task<RollUpVersion?> DivertAsync(string conversationId, int number, bool posting, CancellationToken ct) =>
        Joined(conversationId, number, Version(await redis.Run(db => db.ScriptEvaluateAsync(DivertScript,
            [State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId)],
            [number, posting ? 1 : 0], flags: Primary))));

    public async Task<RollUpVersion?> TouchAsync(string conversationId, int number, CancellationToken ct, RollUpLine? line = null) =>
        Version(await redis.Run(db => db.ScriptEvaluateAsync(TouchScript, [Member(conversationId), Versions(conversationId), Lines(conversationId)],
            [number, LineVersion(line), line?.Text ?? ""], flags: Primary)));

    public Task NoteAsync(string conversationId, int number, RollUpLine line, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(NoteScript, [Member(conversationId), Lines(conversationId)], [number, line.Version, line.Text], flags: Primary));

    public async Task<RollUp?> GetAsync(string conversationId, int id, CancellationToken ct, bool lines = false)
    {
        var found = await redis.Run(db => db.ScriptEvaluateAsync(GetScript,
            [Versions(conversationId), State(conversationId), Member(conversationId), Lines(conversationId)], [id, lines ? 1 : 0], flags: Primary));
        if (found.IsNull) return null;
        var parts = (RedisResult[])found!;
        var members = new List<int>(parts.Length / 2);
        var kept = new Dictionary<int, RollUpLine>(lines ? parts.Length / 2 : 0);
        for (var i = 2; i + 1 < parts.Length; i += 2)
        {
            var number = (int)parts[i];
            members.Add(number);
            if (ParseLine((string?)parts[i + 1]) is { } line) kept[number] = line;
        }
        return new RollUp(id, (int)parts[0], (int)parts[1] == 1, members) { Lines = kept };
    }

    public Task CloseAsync(string conversationId, int id, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(CloseScript, [State(conversationId)], [id], flags: Primary));

    /// <summary>
    /// Asked per channel for every change of every incident. A member stays on its roll-up until retention forgets the
    /// incident (numbers are never given twice), so this instance keeps the members it has seen and asks Redis only
    /// about the others.
    /// </summary>
    public async Task<int?> RollUpOfAsync(string conversationId, int number, CancellationToken ct)
    {
        if (_memberOf.TryGetValue((conversationId, number), out var known)) return known;
        var id = (int?)await redis.Run(db => db.HashGetAsync(Member(conversationId), number, Primary));
        if (id is { } joined) Remember(conversationId, number, joined);
        return id;
    }

    public async Task<IReadOnlySet<int>> MembersAsync(string conversationId, CancellationToken ct) =>
        (await redis.Run(db => db.HashKeysAsync(Member(conversationId), Primary))).Select(k => (int)k).ToHashSet();

    public async Task ForgetAsync(string conversationId, IReadOnlyCollection<int> numbers, CancellationToken ct)
    {
        foreach (var number in numbers) _memberOf.TryRemove((conversationId, number), out _);
        await redis.Run(db => db.ScriptEvaluateAsync(ForgetScript,
            [State(conversationId), Member(conversationId), Versions(conversationId), Own(conversationId), Pending(conversationId), Lines(conversationId)],
            numbers.Select(n => (RedisValue)n).ToArray(), flags: Primary));
    }

    /// <summary>The members this instance has seen, by channel and incident number: their roll-up's id. Bounded; a miss only costs a read.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Conversation, int Number), int> _memberOf = new();
    private const int MembersRemembered = 100_000;

    private void Remember(string conversationId, int number, int id)
    {
        if (_memberOf.Count >= MembersRemembered) _memberOf.Clear();
        _memberOf[(conversationId, number)] = id;
    }

    private RollUpVersion? Joined(string conversationId, int number, RollUpVersion? rollUp)
    {
        if (rollUp is not null) Remember(conversationId, number, rollUp.Id);
        return rollUp;
    }

    private static RedisValue LineVersion(RollUpLine? line) => line is null ? "" : line.Version;

    private static RollUpLine? ParseLine(string? kept)
    {
        var space = kept?.IndexOf(' ') ?? -1;
        return space > 0 && int.TryParse(kept.AsSpan(0, space), out var version) ? new RollUpLine(version, kept![(space + 1)..]) : null;
    }

    private static RollUpVersion? Version(RedisResult result)
    {
        if (result.IsNull) return null;
        var parts = (RedisResult[])result!;
        return new RollUpVersion((int)parts[0], (int)parts[1]);
    }
}
