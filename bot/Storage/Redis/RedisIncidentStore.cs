using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Incidents;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Incidents in Redis. Each write is one Lua script, so creation and compare-and-swap are atomic across every bot
/// instance sharing the Redis. Keys, all in the slot group {incidents} so the scripts run on Redis Cluster too:
/// {incidents} (hash number → JSON), {incidents}:versions (hash number → version), {incidents}:open (hash group key →
/// number), {incidents}:open-ranked (sorted set of open numbers, zero-padded, highest score = most severe then newest),
/// {incidents}:latest (hash group key → newest number), {incidents}:counter (string, INCR); for the queries:
/// {incidents}:resolved-ranked (sorted set of resolved numbers by resolve time), {incidents}:service-open:{name} and
/// {incidents}:service-resolved:{name} (one service's open numbers ranked as open-ranked, its resolved ones by resolve
/// time; name in lower case), {incidents}:services (hash lower-case name → name as first written); for the reconciler:
/// {incidents}:changes (sorted set of numbers by the sequence number of their last write, from {incidents}:change-seq).
/// An incident's alerts are not in its JSON but in {incidents}:alerts:{number}, so a change writes only the alerts
/// it changed (see <see cref="RedisIncidentAlerts"/>); the scripts that read incidents return each one's JSON and alerts.
/// </summary>
public sealed class RedisIncidentStore(RedisConnection redis) : IIncidentStore
{
    private readonly ConcurrentDictionary<string, Incident> _openCopies = new(StringComparer.Ordinal);
    private OpenIncidentChecks? _checks;

    // KEYS: a group index (latest), incidents, confirmed, alerts prefix. KEYS[3] is touched when ARGV[2] is 1 (see
    // ConfirmedRead). The group's incident: its JSON and alerts.
    private const string FindByGroupScript = RedisIncidentAlerts.LuaFunctions + """
        if ARGV[2] == '1' then redis.call('INCR', KEYS[3]) end
        local number = redis.call('HGET', KEYS[1], ARGV[1])
        if not number then return false end
        return { read_incident(KEYS[2], KEYS[4], number) }
        """;

    // KEYS: incidents, alerts prefix. ARGV: number. Its JSON and alerts.
    private const string GetScript = RedisIncidentAlerts.LuaFunctions + """
        return { read_incident(KEYS[1], KEYS[2], ARGV[1]) }
        """;

    // KEYS: incidents, alerts prefix. ARGV: numbers. The JSON and alerts of each.
    private const string ByNumbersScript = RedisIncidentAlerts.LuaFunctions + """
        local result = {}
        for _, number in ipairs(ARGV) do
          local json, alerts = read_incident(KEYS[1], KEYS[2], number)
          result[#result + 1] = json
          result[#result + 1] = alerts
        end
        return result
        """;

    // KEYS: incidents, versions, open, latest, open-ranked, counter, service-open:{name}, services, changes, change-seq,
    // alerts prefix. ARGV: draft JSON (number 0, first), version, group key, rank score, service, service name in lower
    // case, then its alerts (write_alerts). The number is taken and the incident written in one step; the draft's
    // leading "number":0 becomes the real one.
    private const string OpenScript = RedisIncidentAlerts.LuaFunctions + """
        if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return 0 end
        local n = redis.call('INCR', KEYS[6])
        local json, replaced = string.gsub(ARGV[1], '^{"number":0,', '{"number":' .. n .. ',', 1)
        if replaced ~= 1 then return redis.error_reply('draft JSON must start with "number":0') end
        redis.call('HSET', KEYS[3], ARGV[3], n)
        redis.call('HSET', KEYS[1], n, json)
        write_alerts(KEYS[11] .. n, 7)
        redis.call('HSET', KEYS[2], n, ARGV[2])
        redis.call('HSET', KEYS[4], ARGV[3], n)
        redis.call('ZADD', KEYS[5], ARGV[4], string.format('%010d', n))
        redis.call('ZADD', KEYS[7], ARGV[4], string.format('%010d', n))
        redis.call('HSETNX', KEYS[8], ARGV[6], ARGV[5])
        redis.call('ZADD', KEYS[9], redis.call('INCR', KEYS[10]), string.format('%010d', n))
        return n
        """;

    // KEYS: open-ranked, incidents, alerts prefix. ARGV: limit (0: all). The open count, then the JSON and alerts of the top incidents.
    private const string ListOpenScript = RedisIncidentAlerts.LuaFunctions + """
        local count = redis.call('ZCARD', KEYS[1])
        local stop = tonumber(ARGV[1])
        if stop <= 0 then stop = -1 else stop = stop - 1 end
        local numbers = redis.call('ZREVRANGE', KEYS[1], 0, stop)
        local result = { count }
        for _, number in ipairs(numbers) do
          local json, alerts = read_incident(KEYS[2], KEYS[3], tostring(tonumber(number)))
          result[#result + 1] = json
          result[#result + 1] = alerts
        end
        return result
        """;

    // KEYS: incidents, versions, open, latest, open-ranked, resolved-ranked, service-open:{name}, services,
    // service-resolved:{name}, changes, change-seq, alerts:{number}.
    // ARGV: number, JSON, version, is open (1/0), group key, rank score, resolved at (ms), service, service name in lower
    // case, then the alerts changed (write_alerts). -1: only some alerts were given, but the incident has no alert hash
    // yet (stored before there was one): write again with all of them.
    private const string UpdateScript = RedisIncidentAlerts.LuaFunctions + """
        local stored = redis.call('HGET', KEYS[2], ARGV[1])
        if not stored or tonumber(stored) ~= tonumber(ARGV[3]) - 1 then return 0 end
        if ARGV[10] ~= '1' and redis.call('EXISTS', KEYS[12]) == 0 then return -1 end
        local open = redis.call('HGET', KEYS[3], ARGV[5])
        local member = string.format('%010d', ARGV[1])
        if ARGV[4] == '1' then
          if open and open ~= ARGV[1] then return 0 end
          redis.call('HSET', KEYS[3], ARGV[5], ARGV[1])
          redis.call('ZADD', KEYS[5], ARGV[6], member)
          redis.call('ZREM', KEYS[6], member)
          redis.call('ZADD', KEYS[7], ARGV[6], member)
          redis.call('ZREM', KEYS[9], member)
        else
          if open == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[5]) end
          redis.call('ZREM', KEYS[5], member)
          redis.call('ZADD', KEYS[6], ARGV[7], member)
          redis.call('ZREM', KEYS[7], member)
          redis.call('ZADD', KEYS[9], ARGV[7], member)
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        write_alerts(KEYS[12], 10)
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        redis.call('HSETNX', KEYS[8], ARGV[9], ARGV[8])
        redis.call('ZADD', KEYS[10], redis.call('INCR', KEYS[11]), member)
        return 1
        """;

    // KEYS: incidents, versions, latest, resolved-ranked, service-resolved:{name}, services, service-open:{name}, changes, alerts:{number}.
    // ARGV: number, the JSON read, group key, service name in lower case. Removes it (and its index entries) only if
    // unchanged since read; a service left with no incident is no longer listed.
    private const string RemoveScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        local member = string.format('%010d', ARGV[1])
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('DEL', KEYS[9])
        if redis.call('HGET', KEYS[3], ARGV[3]) == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[3]) end
        redis.call('ZREM', KEYS[4], member)
        redis.call('ZREM', KEYS[5], member)
        redis.call('ZREM', KEYS[8], member)
        if redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[7]) == 0 then redis.call('HDEL', KEYS[6], ARGV[4]) end
        return 1
        """;

    // KEYS: open-ranked, resolved-ranked, incidents, alerts prefix. ARGV: since (ms). The JSON and alerts of every open
    // incident and every one resolved since.
    private const string ActiveSinceScript = RedisIncidentAlerts.LuaFunctions + """
        local result = {}
        local function add(number)
          local json, alerts = read_incident(KEYS[3], KEYS[4], tostring(tonumber(number)))
          result[#result + 1] = json
          result[#result + 1] = alerts
        end
        for _, number in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do add(number) end
        for _, number in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')) do add(number) end
        return result
        """;

    // KEYS: changes, change-seq. ARGV: after (exclusive), limit. The last sequence number taken (0: none), then number, sequence pairs.
    private const string ChangedSinceScript = """
        local result = { tonumber(redis.call('GET', KEYS[2]) or 0) }
        local page = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        for _, entry in ipairs(page) do result[#result + 1] = entry end
        return result
        """;

    // KEYS: a ranked index, incidents, alerts prefix. ARGV: highest score, lowest score, limit (-1: all). The JSON and
    // alerts of the incidents the index ranks highest, down to the lowest score.
    private const string RankedScript = RedisIncidentAlerts.LuaFunctions + """
        local result = {}
        for _, number in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))) do
          local json, alerts = read_incident(KEYS[2], KEYS[3], tostring(tonumber(number)))
          result[#result + 1] = json
          result[#result + 1] = alerts
        end
        return result
        """;

    // One slot group: the scripts touch several of these keys at once.
    private const string Group = "incidents";
    private RedisKey Incidents => redis.Key(Group, "");
    private RedisKey Versions => redis.Key(Group, ":versions");
    private RedisKey Open => redis.Key(Group, ":open");
    private RedisKey Latest => redis.Key(Group, ":latest");
    private RedisKey OpenRanked => redis.Key(Group, ":open-ranked");
    private RedisKey Counter => redis.Key(Group, ":counter");
    private RedisKey ResolvedRanked => redis.Key(Group, ":resolved-ranked");
    private RedisKey Services => redis.Key(Group, ":services");
    private RedisKey IndexVersion => redis.Key(Group, ":indexes");
    private RedisKey Confirmed => redis.Key(Group, ":confirmed");
    private RedisKey Changes => redis.Key(Group, ":changes");
    private RedisKey ChangeSequence => redis.Key(Group, ":change-seq");
    /// <summary>What the scripts put the number after to name an incident's alert hash (a key of the same slot).</summary>
    private RedisKey AlertsPrefix => redis.Key(Group, ":alerts:");
    private RedisKey AlertsOf(int number) => redis.Key(Group, $":alerts:{number}");
    private RedisKey ServiceOpen(string service) => redis.Key(Group, $":service-open:{ServiceKey(service)}");
    private RedisKey ServiceResolved(string service) => redis.Key(Group, $":service-resolved:{ServiceKey(service)}");
    /// <summary>Index version 1 kept all of a service's numbers here; version 2 splits them into open and resolved.</summary>
    private RedisKey LegacyServiceIncidents(string service) => redis.Key(Group, $":service:{ServiceKey(service)}");
    private static string ServiceKey(string service) => service.ToLowerInvariant();
    private static string Member(int number) => number.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The version of the query indexes (resolved-ranked, service-open/-resolved:{name}, services, changes) this code keeps.</summary>
    private const string IndexesBuilt = "2";
    private const int ReadBatch = 500;
    private volatile bool _indexed;

    /// <summary>
    /// Every webhook asks this first, and most are resends: this instance keeps the open incidents it has seen and
    /// asks Redis only whether its copy is still the current version, so an unchanged incident (with its many
    /// alerts) is not read and parsed again. Versions only grow, so a matching version means identical content.
    /// Concurrent webhooks are checked together (<see cref="OpenIncidentChecks"/>), each by Redis after it arrived.
    /// </summary>
    public Task<Incident?> FindOpenAsync(string groupKey, CancellationToken ct) => Checks.CheckAsync(groupKey);

    /// <summary>One for the store: it keeps a single check in flight.</summary>
    private OpenIncidentChecks Checks => _checks ?? Interlocked.CompareExchange(ref _checks,
        new(redis, CopyOf, Seen, Open, Versions, Incidents, Confirmed, AlertsPrefix), null) ?? _checks;

    private Incident? CopyOf(string groupKey) => _openCopies.GetValueOrDefault(groupKey);

    /// <summary>What a check found for a group: the copy to keep (a newer one this instance wrote meanwhile stays).</summary>
    private void Seen(string groupKey, Incident? open, bool read)
    {
        if (open is null) _openCopies.TryRemove(groupKey, out _);
        else if (read && !(_openCopies.TryGetValue(groupKey, out var held) && held.Number == open.Number && held.Version > open.Version)) KeepCopy(open);
    }

    /// <summary>
    /// A webhook's 202 may rest on a read alone (the alert is already in its incident: nothing to write). What was read
    /// can be another writer's change the replicas do not have yet, or stale data on a server that is no longer the
    /// primary; so with Redis:WaitForReplicas the read script also writes (a touch, refused on a replica) and this
    /// waits until the replicas have that touch, and so everything the primary held when it was read.
    /// </summary>
    private Task ConfirmedRead(long epoch) => redis.ReplicatedAsync(Confirmed, epoch);

    public async Task<Incident?> GetAsync(int number, CancellationToken ct)
    {
        var parts = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(GetScript, [Incidents, AlertsPrefix], [number], flags: Primary)))!;
        return RedisIncidentAlerts.Read(parts[0], parts[1]);
    }

    public async Task<Incident?> FindLatestAsync(string groupKey, CancellationToken ct)
    {
        var epoch = redis.Epoch;
        var found = await redis.Run(db => db.ScriptEvaluateAsync(FindByGroupScript, [Latest, Incidents, Confirmed, AlertsPrefix],
            [groupKey, redis.WaitsForReplicas ? 1 : 0], flags: Primary));
        await ConfirmedRead(epoch);
        if (found.IsNull) return null;
        var parts = (RedisResult[])found!;
        return RedisIncidentAlerts.Read(parts[0], parts[1]);
    }

    public async Task<OpenIncidents> ListOpenAsync(int limit, CancellationToken ct)
    {
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ListOpenScript, [OpenRanked, Incidents, AlertsPrefix], [limit], flags: Primary)))!;
        var incidents = RedisIncidentAlerts.ReadPairs(result, from: 1).ToList();
        return new OpenIncidents(incidents, (int)result[0]);
    }

    public async Task<OpenCounts> CountOpenBySeverityAsync(CancellationToken ct)
    {
        var counts = await Task.WhenAll(IncidentOrdering.OpenScoreBands.Select(band =>
            redis.Run(db => db.SortedSetLengthAsync(OpenRanked, band.From, band.To, Exclude.Stop, Primary))));
        return new OpenCounts(counts.Select(c => (int)c).ToList());
    }

    /// <summary>
    /// ZSCAN over the open incidents' ranking, a batch of numbers at a time, each batch's incidents read by one script:
    /// Redis runs every script to its end before anything else, so one script over 10,000 incidents held up every answer
    /// (and every other instance) for as long as it ran. ZSCAN returns every member present for the whole scan.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Incident>> ReadOpenInBatchesAsync(int batch, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = 0L;
        do
        {
            ct.ThrowIfCancellationRequested();
            var page = (RedisResult[])(await redis.Run(db => db.ExecuteAsync("ZSCAN", [OpenRanked, cursor, "COUNT", batch], Primary)))!;
            cursor = long.Parse((string)page[0]!, System.Globalization.CultureInfo.InvariantCulture);
            var members = (RedisResult[])page[1]!;
            // Members and scores alternate; the member is the zero-padded number.
            var numbers = new RedisValue[members.Length / 2];
            for (var i = 0; i < numbers.Length; i++) numbers[i] = (int)long.Parse((string)members[2 * i]!, System.Globalization.CultureInfo.InvariantCulture);
            if (numbers.Length == 0) continue;
            var found = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ByNumbersScript, [Incidents, AlertsPrefix], numbers, flags: Primary)))!;
            yield return RedisIncidentAlerts.ReadPairs(found).Where(i => i.IsOpen).ToList();
        } while (cursor != 0);
    }

    public async Task<ChangedIncidents> ListChangedSinceAsync(long after, int limit, CancellationToken ct)
    {
        await EnsureIndexedAsync();
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ChangedSinceScript, [Changes, ChangeSequence], [after, limit], flags: Primary)))!;
        var changed = new List<ChangedIncident>(result.Length / 2);
        for (var i = 1; i + 1 < result.Length; i += 2) changed.Add(new ChangedIncident((int)long.Parse((string)result[i]!), (long)result[i + 1]));
        return new ChangedIncidents(changed, (long)result[0]);
    }

    /// <summary>Reads only the incidents the resolved-time index puts before the cutoff, however many are kept.</summary>
    public async Task<IReadOnlyList<int>> RemoveResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await EnsureIndexedAsync();
        var removed = new List<int>();
        var candidates = await redis.Run(db => db.SortedSetRangeByScoreAsync(ResolvedRanked, double.NegativeInfinity,
            cutoff.ToUnixTimeMilliseconds(), Exclude.Stop, flags: Primary));
        foreach (var batch in candidates.Chunk(ReadBatch))
        {
            ct.ThrowIfCancellationRequested();
            var jsons = await redis.Run(db => db.HashGetAsync(Incidents, batch.Select(m => (RedisValue)(int)long.Parse((string)m!)).ToArray(), Primary));
            foreach (var entry in jsons.Where(j => !j.IsNull))
            {
                var json = (string)entry!;
                var incident = StoreJson.Read<Incident>(json);
                if (incident.IsOpen || incident.ResolvedAt is not { } resolvedAt || resolvedAt >= cutoff) continue;
                var done = await redis.Run(db => db.ScriptEvaluateAsync(RemoveScript,
                    [Incidents, Versions, Latest, ResolvedRanked, ServiceResolved(incident.Service), Services, ServiceOpen(incident.Service), Changes,
                     AlertsOf(incident.Number)],
                    [incident.Number, json, incident.GroupKey, ServiceKey(incident.Service)], flags: Primary));
                if ((int)done == 1) removed.Add(incident.Number);
            }
        }
        return removed;
    }

    public async Task<IReadOnlyList<Incident>> ListActiveSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await EnsureIndexedAsync();
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ActiveSinceScript,
            [OpenRanked, ResolvedRanked, Incidents, AlertsPrefix], [since.ToUnixTimeMilliseconds()], flags: Primary)))!;
        return IncidentOrdering.Sort(Read(result).DistinctBy(i => i.Number));
    }

    public async Task<IReadOnlyList<Incident>> ListOpenForServiceAsync(string service, CancellationToken ct)
    {
        await EnsureIndexedAsync();
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(RankedScript, [ServiceOpen(service), Incidents, AlertsPrefix], ["+inf", "-inf", -1], flags: Primary)))!;
        return Read(result).ToList();
    }

    public async Task<IReadOnlyList<Incident>> ListResolvedForServiceAsync(string service, DateTimeOffset since, int limit, CancellationToken ct)
    {
        if (limit <= 0) return [];
        await EnsureIndexedAsync();
        var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(RankedScript, [ServiceResolved(service), Incidents, AlertsPrefix],
            ["+inf", since.ToUnixTimeMilliseconds(), limit], flags: Primary)))!;
        return Read(result).ToList();
    }

    public async Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken ct)
    {
        await EnsureIndexedAsync();
        return (await redis.Run(db => db.HashValuesAsync(Services, Primary))).Select(v => (string)v!).ToList();
    }

    public async Task<IReadOnlyList<Incident>> ListRecentAsync(int limit, int? before, CancellationToken ct)
    {
        var counter = await redis.Run(db => db.StringGetAsync(Counter, Primary));
        var top = Math.Min(counter.IsNull ? 0 : (int)counter, (before ?? int.MaxValue) - 1);
        var recent = new List<Incident>();
        // Numbers removed by retention leave gaps: read on downwards, in growing steps, until the page is full.
        for (var step = Math.Clamp(limit, 1, ReadBatch * 10); recent.Count < limit && top >= 1; step = Math.Min(step * 2, ReadBatch * 10))
        {
            var numbers = Enumerable.Range(0, Math.Min(step, top)).Select(i => (RedisValue)(top - i)).ToArray();
            var found = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ByNumbersScript, [Incidents, AlertsPrefix], numbers, flags: Primary)))!;
            recent.AddRange(RedisIncidentAlerts.ReadPairs(found).Take(limit - recent.Count));
            top -= numbers.Length;
        }
        return recent;
    }

    public async Task<int> CountAsync(CancellationToken ct) => (int)await redis.Run(db => db.HashLengthAsync(Incidents, Primary));

    private static IEnumerable<Incident> Read(RedisResult[] pairs) => RedisIncidentAlerts.ReadPairs(pairs);

    /// <summary>
    /// Incidents stored before this version kept no query indexes: build them once from the stored incidents. Every
    /// write keeps them up to date afterwards; building twice (two instances at once) writes the same entries.
    /// </summary>
    private async Task EnsureIndexedAsync()
    {
        if (_indexed) return;
        if (await redis.Run(db => db.StringGetAsync(IndexVersion, Primary)) != IndexesBuilt)
        {
            var writes = new List<Task>();
            await foreach (var entry in redis.Database.HashScanAsync(Incidents, pageSize: ReadBatch))
            {
                var incident = StoreJson.Read<Incident>((string)entry.Value!);
                var member = Member(incident.Number);
                var resolvedAt = IncidentOrdering.ResolvedOrStarted(incident).ToUnixTimeMilliseconds();
                writes.Add(redis.Run(db => db.KeyDeleteAsync(LegacyServiceIncidents(incident.Service))));
                writes.Add(redis.Run(db => db.HashSetAsync(Services, ServiceKey(incident.Service), incident.Service, When.NotExists)));
                // Written before the change log existed: listed as changed before any write since (sequence 0), so a
                // new leader's first reconcile pass still looks at it.
                writes.Add(redis.Run(db => db.SortedSetAddAsync(Changes, member, 0, SortedSetWhen.NotExists)));
                writes.Add(incident.IsOpen
                    ? redis.Run(db => db.SortedSetAddAsync(ServiceOpen(incident.Service), member, IncidentOrdering.OpenScore(incident)))
                    : Task.WhenAll(
                        redis.Run(db => db.SortedSetAddAsync(ResolvedRanked, member, resolvedAt)),
                        redis.Run(db => db.SortedSetAddAsync(ServiceResolved(incident.Service), member, resolvedAt))));
                if (writes.Count >= ReadBatch)
                {
                    await Task.WhenAll(writes);
                    writes.Clear();
                }
            }
            await Task.WhenAll(writes);
            await redis.Run(db => db.StringSetAsync(IndexVersion, IndexesBuilt));
        }
        _indexed = true;
    }

    public async Task<Incident?> TryOpenAsync(Incident draft, CancellationToken ct)
    {
        var epoch = redis.Epoch;
        RedisValue[] args = [RedisIncidentAlerts.Document(draft with { Number = 0 }), draft.Version, draft.GroupKey, IncidentOrdering.OpenScore(draft),
            draft.Service, ServiceKey(draft.Service), ..RedisIncidentAlerts.ForWrite(null, draft)];
        var number = (int)await redis.Run(db => db.ScriptEvaluateAsync(OpenScript,
            [Incidents, Versions, Open, Latest, OpenRanked, Counter, ServiceOpen(draft.Service), Services, Changes, ChangeSequence, AlertsPrefix],
            args, flags: Primary));
        if (number == 0) return null;
        await redis.ReplicatedAsync(Incidents, epoch);
        var opened = draft with { Number = number };
        KeepCopy(opened);
        return opened;
    }

    public async Task<bool> TryUpdateAsync(Incident next, CancellationToken ct)
    {
        // The copy this instance holds of the version before: what the compare-and-swap finds stored if it succeeds.
        _openCopies.TryGetValue(next.GroupKey, out var previous);
        if (!await UpdateAsync(next, previous)) return false;
        if (next.IsOpen) KeepCopy(next);
        else _openCopies.TryRemove(next.GroupKey, out _);
        return true;
    }

    /// <summary>Open incidents this instance keeps a copy of: at most <see cref="MaxOpenCopies"/>; a copy only saves a read.</summary>
    public const int MaxOpenCopies = 1000;

    /// <summary>How many open incidents this instance keeps a copy of now.</summary>
    public int OpenCopies => _openCopies.Count;

    private void KeepCopy(Incident incident)
    {
        // Another instance may resolve an incident this one holds: such copies are only dropped when their group is
        // asked for again, so the count is capped, dropping arbitrary copies (they are re-read when needed).
        if (_openCopies.Count >= MaxOpenCopies && !_openCopies.ContainsKey(incident.GroupKey))
            foreach (var key in _openCopies.Keys.Take(_openCopies.Count - MaxOpenCopies + 1)) _openCopies.TryRemove(key, out _);
        _openCopies[incident.GroupKey] = incident;
    }

    private async Task<bool> UpdateAsync(Incident incident, Incident? previous)
    {
        var epoch = redis.Epoch;
        RedisKey[] keys = [Incidents, Versions, Open, Latest, OpenRanked, ResolvedRanked, ServiceOpen(incident.Service), Services,
            ServiceResolved(incident.Service), Changes, ChangeSequence, AlertsOf(incident.Number)];
        RedisValue[] Args(bool all) =>
        [
            incident.Number, RedisIncidentAlerts.Document(incident), incident.Version, incident.IsOpen ? 1 : 0, incident.GroupKey,
            IncidentOrdering.OpenScore(incident), IncidentOrdering.ResolvedOrStarted(incident).ToUnixTimeMilliseconds(), incident.Service,
            ServiceKey(incident.Service), ..RedisIncidentAlerts.ForWrite(previous, incident, all),
        ];
        var result = (int)await redis.Run(db => db.ScriptEvaluateAsync(UpdateScript, keys, Args(all: false), flags: Primary));
        if (result == -1) result = (int)await redis.Run(db => db.ScriptEvaluateAsync(UpdateScript, keys, Args(all: true), flags: Primary));
        if (result != 1) return false;
        await redis.ReplicatedAsync(Incidents, epoch);
        return true;
    }
}
