using StackExchange.Redis;
using SupportBot.Incidents;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Incidents in Redis. Each write is one Lua script, so creation and compare-and-swap are atomic across every bot
/// instance sharing the Redis. Keys: incidents (hash number → JSON), incident-versions (hash number → version),
/// open-incidents (hash group key → number), open-ranked (sorted set of open numbers, zero-padded, highest score = most severe then newest), latest-incidents (hash group key → newest number),
/// incident-counter (string, INCR).
/// </summary>
public sealed class RedisIncidentStore(RedisConnection redis) : IIncidentStore
{
    private const string FindByGroupScript = """
        local number = redis.call('HGET', KEYS[1], ARGV[1])
        if not number then return false end
        return redis.call('HGET', KEYS[2], number)
        """;

    // KEYS: incidents, versions, open, latest, open-ranked. ARGV: number, json, version, is open (1/0), group key, rank score.
    private const string CreateScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
        if ARGV[4] == '1' and redis.call('HSETNX', KEYS[3], ARGV[5], ARGV[1]) == 0 then return 0 end
        if ARGV[4] == '1' then redis.call('ZADD', KEYS[5], ARGV[6], string.format('%010d', ARGV[1])) end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        local latest = redis.call('HGET', KEYS[4], ARGV[5])
        if not latest or tonumber(latest) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[4], ARGV[5], ARGV[1]) end
        return 1
        """;

    // KEYS: incidents, versions, open, latest, open-ranked, counter. ARGV: draft JSON (number 0, first), version, group key, rank score.
    // The number is taken and the incident written in one step; the draft's leading "number":0 becomes the real one.
    private const string OpenScript = """
        if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return 0 end
        local n = redis.call('INCR', KEYS[6])
        local json, replaced = string.gsub(ARGV[1], '^{"number":0,', '{"number":' .. n .. ',', 1)
        if replaced ~= 1 then return redis.error_reply('draft JSON must start with "number":0') end
        json = string.gsub(json, '"id":"INC%-0"', '"id":"INC-' .. n .. '"', 1)
        redis.call('HSET', KEYS[3], ARGV[3], n)
        redis.call('HSET', KEYS[1], n, json)
        redis.call('HSET', KEYS[2], n, ARGV[2])
        redis.call('HSET', KEYS[4], ARGV[3], n)
        redis.call('ZADD', KEYS[5], ARGV[4], string.format('%010d', n))
        return n
        """;

    // KEYS: open-ranked, incidents. ARGV: limit (0: all). The open count, then the JSON of the top incidents.
    private const string ListOpenScript = """
        local count = redis.call('ZCARD', KEYS[1])
        local stop = tonumber(ARGV[1])
        if stop <= 0 then stop = -1 else stop = stop - 1 end
        local numbers = redis.call('ZREVRANGE', KEYS[1], 0, stop)
        local result = { count }
        for i, number in ipairs(numbers) do result[i + 1] = redis.call('HGET', KEYS[2], tostring(tonumber(number))) end
        return result
        """;

    private const string UpdateScript = """
        local stored = redis.call('HGET', KEYS[2], ARGV[1])
        if not stored or tonumber(stored) ~= tonumber(ARGV[3]) - 1 then return 0 end
        local open = redis.call('HGET', KEYS[3], ARGV[5])
        if ARGV[4] == '1' then
          if open and open ~= ARGV[1] then return 0 end
          redis.call('HSET', KEYS[3], ARGV[5], ARGV[1])
          redis.call('ZADD', KEYS[5], ARGV[6], string.format('%010d', ARGV[1]))
        else
          if open == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[5]) end
          redis.call('ZREM', KEYS[5], string.format('%010d', ARGV[1]))
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        return 1
        """;

    private RedisKey Incidents => redis.Key("incidents");
    private RedisKey Versions => redis.Key("incident-versions");
    private RedisKey Open => redis.Key("open-incidents");
    private RedisKey Latest => redis.Key("latest-incidents");
    private RedisKey OpenRanked => redis.Key("open-ranked");
    private RedisKey Counter => redis.Key("incident-counter");

    public async Task<Incident?> FindOpenAsync(string groupKey, CancellationToken ct)
    {
        var json = await redis.Database.ScriptEvaluateAsync(FindByGroupScript, [Open, Incidents], [groupKey]);
        return json.IsNull ? null : StoreJson.Read<Incident>((string)json!);
    }

    public async Task<Incident?> GetAsync(int number, CancellationToken ct)
    {
        var json = await redis.Database.HashGetAsync(Incidents, number);
        return json.IsNull ? null : StoreJson.Read<Incident>(json!);
    }

    public async Task<Incident?> FindLatestAsync(string groupKey, CancellationToken ct)
    {
        var json = await redis.Database.ScriptEvaluateAsync(FindByGroupScript, [Latest, Incidents], [groupKey]);
        return json.IsNull ? null : StoreJson.Read<Incident>((string)json!);
    }

    public async Task<OpenIncidents> ListOpenAsync(int limit, CancellationToken ct)
    {
        var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(ListOpenScript, [OpenRanked, Incidents], [limit]))!;
        var incidents = result.Skip(1).Where(r => !r.IsNull).Select(r => StoreJson.Read<Incident>((string)r!)).ToList();
        return new OpenIncidents(incidents, (int)result[0]);
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(CancellationToken ct)
    {
        var all = await redis.Database.HashValuesAsync(Incidents);
        return IncidentOrdering.Sort(all.Select(json => StoreJson.Read<Incident>(json!)));
    }

    public async Task<int> NextNumberAsync(CancellationToken ct) => (int)await redis.Database.StringIncrementAsync(Counter);

    public Task<bool> TryCreateAsync(Incident incident, CancellationToken ct) => RunAsync(CreateScript, incident);

    public async Task<Incident?> TryOpenAsync(Incident draft, CancellationToken ct)
    {
        var number = (int)await redis.Database.ScriptEvaluateAsync(OpenScript, [Incidents, Versions, Open, Latest, OpenRanked, Counter],
            [StoreJson.Write(draft with { Number = 0 }), draft.Version, draft.GroupKey, IncidentOrdering.OpenScore(draft)]);
        return number == 0 ? null : draft with { Number = number };
    }

    public Task<bool> TryUpdateAsync(Incident next, CancellationToken ct) => RunAsync(UpdateScript, next);

    private async Task<bool> RunAsync(string script, Incident incident)
    {
        var result = await redis.Database.ScriptEvaluateAsync(script, [Incidents, Versions, Open, Latest, OpenRanked],
            [incident.Number, StoreJson.Write(incident), incident.Version, incident.IsOpen ? 1 : 0, incident.GroupKey, IncidentOrdering.OpenScore(incident)]);
        return (int)result == 1;
    }
}
