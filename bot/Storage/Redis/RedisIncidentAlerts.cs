using StackExchange.Redis;
using SupportBot.Incidents;

namespace SupportBot.Storage.Redis;

/// <summary>
/// An incident's alerts are kept apart from its document, so that a change writes only the alerts it changed: the
/// hash {incidents}:alerts:{number} holds "a:{fingerprint}" → "{order} {alert JSON}" (order: when the alert joined
/// the incident, which is the order the incident lists them in) and "#" → the last order given. The document in
/// {incidents} is written without alerts. Incidents stored before this kept their alerts in the document and have
/// no such hash: they are read from the document, and their first write stores them all (see <see cref="ForWrite"/>).
/// </summary>
public static class RedisIncidentAlerts
{
    private const string FieldPrefix = "a:";

    /// <summary>
    /// Lua: write_alerts(key, at) applies ARGV[at..]: 1 to replace every alert (else only these), the number of alerts
    /// to set, fingerprint/JSON pairs, the number of alerts to remove, their fingerprints. An alert keeps its order
    /// when it changes; a new one gets the next. The hash always exists afterwards ("#").
    /// read_incident(incidents, prefix, number) returns the document and the alert hash of one incident.
    /// </summary>
    public const string LuaFunctions = """
        local function write_alerts(key, at)
          if ARGV[at] == '1' then
            redis.call('DEL', key)
            redis.call('HSET', key, '#', 0)
          end
          local i = at + 2
          for _ = 1, tonumber(ARGV[at + 1]) do
            local field = 'a:' .. ARGV[i]
            local old = redis.call('HGET', key, field)
            local order = old and string.match(old, '^%d+') or tostring(redis.call('HINCRBY', key, '#', 1))
            redis.call('HSET', key, field, order .. ' ' .. ARGV[i + 1])
            i = i + 2
          end
          for k = 1, tonumber(ARGV[i]) do redis.call('HDEL', key, 'a:' .. ARGV[i + k]) end
        end
        local function read_incident(incidents, prefix, number)
          local json = redis.call('HGET', incidents, number)
          if not json then return false, {} end
          return json, redis.call('HGETALL', prefix .. number)
        end

        """;

    /// <summary>The document as stored: the incident without its alerts.</summary>
    public static string Document(Incident incident) => StoreJson.Write(incident with { Alerts = [] });

    /// <summary>
    /// The write_alerts arguments for storing <paramref name="next"/>: only the alerts that differ from
    /// <paramref name="previous"/> when that is the version just before it (what the compare-and-swap will find
    /// stored), else every alert (<paramref name="all"/> forces that: an incident stored before alerts had their hash).
    /// What differs is what the fold put into and took out of the previous version's alert index, when the next
    /// version's index is the one it made from exactly that index; otherwise the two lists are compared.
    /// </summary>
    public static List<RedisValue> ForWrite(Incident? previous, Incident next, bool all = false)
    {
        var args = new List<RedisValue>();
        if (all || previous is null || previous.Number != next.Number || previous.Version != next.Version - 1)
        {
            args.Add(1);
            args.Add(next.Alerts.Count);
            foreach (var alert in next.Alerts) Add(args, alert);
            args.Add(0);
            return args;
        }
        args.Add(0);
        if (ReferenceEquals(previous.Alerts, next.Alerts))
        {
            args.Add(0);
            args.Add(0);
            return args;
        }
        if (next.AlertIndexIfKnown?.MadeFrom is { } change && previous.AlertIndexIfKnown is { } before && change.From == before.Id)
        {
            args.Add(change.Set.Count);
            foreach (var alert in change.Set) Add(args, alert);
            args.Add(change.Removed.Count);
            foreach (var fingerprint in change.Removed) args.Add(fingerprint);
            return args;
        }
        var beforeByFingerprint = new Dictionary<string, TrackedAlert>(previous.Alerts.Count, StringComparer.Ordinal);
        foreach (var alert in previous.Alerts) beforeByFingerprint[alert.Fingerprint] = alert;
        var changed = next.Alerts.Where(a => !beforeByFingerprint.Remove(a.Fingerprint, out var old) || !ReferenceEquals(old, a) && old != a).ToList();
        args.Add(changed.Count);
        foreach (var alert in changed) Add(args, alert);
        args.Add(beforeByFingerprint.Count);   // what is left: alerts no longer kept
        foreach (var fingerprint in beforeByFingerprint.Keys) args.Add(fingerprint);
        return args;
    }

    private static void Add(List<RedisValue> args, TrackedAlert alert)
    {
        args.Add(alert.Fingerprint);
        args.Add(StoreJson.Write(alert));
    }

    /// <summary>The incident from its document and its alert hash (HGETALL's field/value list); null when there is no document.</summary>
    public static Incident? Read(RedisResult document, RedisResult alerts)
    {
        if (document.IsNull) return null;
        var incident = StoreJson.Read<Incident>((string)document!);
        var fields = (RedisResult[])alerts!;
        // No hash: stored before alerts had their own, so they are in the document.
        if (fields.Length == 0) return incident;
        var ordered = new List<(long Order, TrackedAlert Alert)>(fields.Length / 2);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var field = (string)fields[i]!;
            if (!field.StartsWith(FieldPrefix, StringComparison.Ordinal)) continue;
            var value = (string)fields[i + 1]!;
            var space = value.IndexOf(' ');
            ordered.Add((long.Parse(value.AsSpan(0, space), System.Globalization.CultureInfo.InvariantCulture),
                StoreJson.Read<TrackedAlert>(value[(space + 1)..])));
        }
        ordered.Sort((a, b) => a.Order.CompareTo(b.Order));
        return incident with { Alerts = ordered.Select(o => o.Alert).ToList() };
    }

    /// <summary>Incidents from a script's flat list of document, alert hash pairs; removed ones (no document) are skipped.</summary>
    public static IEnumerable<Incident> ReadPairs(RedisResult[] pairs, int from = 0)
    {
        for (var i = from; i + 1 < pairs.Length; i += 2)
            if (Read(pairs[i], pairs[i + 1]) is { } incident) yield return incident;
    }
}
