using StackExchange.Redis;
using SupportBot.Incidents;
using static SupportBot.Storage.Redis.RedisConnection;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Asks Redis, for many webhooks at once, which incident is open for each one's group and whether this instance's copy
/// of it is still the current version. One check is in flight at a time: the webhooks that arrive meanwhile wait for
/// the next one, which asks for all their groups in one script (one round trip, one script run, one reply). So every
/// webhook is still answered by Redis after it arrived, never from a copy alone: a change another instance made
/// before then is seen. With Redis:WaitForReplicas, the check's touch and its WAIT confirm every webhook of the batch.
/// A check that fails fails every webhook of its batch (Redis unavailable: 503 to each; nothing was written).
/// </summary>
/// <param name="copyOf">The copy this instance holds of a group's open incident (null: none), asked as a check is sent, so
/// that a version this instance wrote while the webhook waited counts as current.</param>
public sealed class OpenIncidentChecks(RedisConnection redis, Func<string, Incident?> copyOf, RedisKey open, RedisKey versions, RedisKey incidents,
    RedisKey confirmed, RedisKey alertsPrefix)
{
    /// <summary>At most this many webhooks per script, so one script never holds Redis up for long.</summary>
    public const int MaxBatch = 256;

    // KEYS: open, versions, incidents, confirmed, alerts prefix. ARGV: 1 to touch confirmed (see ConfirmedRead), then
    // for each check: group key, the number and version this instance holds for it (0, 0: none). For each check: false
    // when its group has no open incident; the number and version when the copy is current; the JSON and alerts as well
    // when it is not.
    private const string Script = RedisIncidentAlerts.LuaFunctions + """
        if ARGV[1] == '1' then redis.call('INCR', KEYS[4]) end
        local groups = {}
        for i = 2, #ARGV, 3 do groups[#groups + 1] = ARGV[i] end
        local numbers = redis.call('HMGET', KEYS[1], unpack(groups))
        local present = {}
        for _, number in ipairs(numbers) do
          if number then present[#present + 1] = number end
        end
        local versions = {}
        if #present > 0 then
          local found = redis.call('HMGET', KEYS[2], unpack(present))
          for k, number in ipairs(present) do versions[number] = found[k] end
        end
        local result = {}
        for k, number in ipairs(numbers) do
          local at = 2 + (k - 1) * 3
          if not number then
            result[k] = false
          elseif number == ARGV[at + 1] and versions[number] == ARGV[at + 2] then
            result[k] = { number, versions[number] }
          else
            result[k] = { number, versions[number], read_incident(KEYS[3], KEYS[5], number) }
          end
        end
        return result
        """;

    private readonly object _gate = new();
    private List<Waiting> _queued = [];
    private bool _checking;

    /// <summary>The group's open incident (null: none); <paramref name="Read"/> when it was read, not this instance's copy.</summary>
    public readonly record struct Found(Incident? Incident, bool Read);

    /// <summary>Which incident is open for <paramref name="groupKey"/>, as Redis holds it after this call.</summary>
    public Task<Found> CheckAsync(string groupKey)
    {
        var waiting = new Waiting(groupKey);
        bool start;
        lock (_gate)
        {
            _queued.Add(waiting);
            start = !_checking;
            _checking = true;
        }
        if (start) Start();
        return waiting.Task;
    }

    /// <summary>The loop outlives the webhook that started it: it must not carry that request's context (its trace, log scope).</summary>
    private void Start()
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = CheckQueuedAsync();
            return;
        }
        using (ExecutionContext.SuppressFlow()) _ = CheckQueuedAsync();
    }

    private async Task CheckQueuedAsync()
    {
        while (Next() is { } batch)
        {
            try
            {
                await CheckAsync(batch);
            }
            catch (Exception e)
            {
                foreach (var waiting in batch) waiting.TrySetException(e);
            }
        }
    }

    /// <summary>What arrived since the last check was sent (at most <see cref="MaxBatch"/>); null, and the loop ends, when nothing did.</summary>
    private List<Waiting>? Next()
    {
        lock (_gate)
        {
            if (_queued.Count == 0)
            {
                _checking = false;
                return null;
            }
            if (_queued.Count <= MaxBatch)
            {
                var all = _queued;
                _queued = [];
                return all;
            }
            var first = _queued.GetRange(0, MaxBatch);
            _queued.RemoveRange(0, MaxBatch);
            return first;
        }
    }

    private async Task CheckAsync(List<Waiting> batch)
    {
        // Webhooks for the same group share one check.
        var checks = new Dictionary<string, int>(StringComparer.Ordinal);
        var copies = new List<Incident?>();
        var of = new int[batch.Count];
        var args = new List<RedisValue>(1 + 3 * batch.Count) { redis.WaitsForReplicas ? 1 : 0 };
        for (var i = 0; i < batch.Count; i++)
        {
            var group = batch[i].GroupKey;
            if (checks.TryGetValue(group, out of[i])) continue;
            var copy = copyOf(group);
            of[i] = checks.Count;
            checks.Add(group, of[i]);
            copies.Add(copy);
            args.Add(group);
            args.Add(copy?.Number ?? 0);
            args.Add(copy?.Version ?? 0);
        }
        var epoch = redis.Epoch;
        var result = await redis.Run(db => db.ScriptEvaluateAsync(Script, [open, versions, incidents, confirmed, alertsPrefix], [.. args], Primary));
        // A webhook's 202 may rest on this read alone (see RedisIncidentStore.ConfirmedRead).
        await redis.ReplicatedAsync(confirmed, epoch);
        var replies = (RedisResult[])result!;
        var found = new Found[checks.Count];
        for (var k = 0; k < found.Length; k++) found[k] = Read(replies[k], copies[k]);
        for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(found[of[i]]);
    }

    private static Found Read(RedisResult reply, Incident? copy)
    {
        if (reply.IsNull) return new Found(null, Read: false);
        var parts = (RedisResult[])reply!;
        return parts.Length == 2 ? new Found(copy, Read: false) : new Found(RedisIncidentAlerts.Read(parts[2], parts[3]), Read: true);
    }

    private sealed class Waiting(string groupKey) : TaskCompletionSource<Found>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string GroupKey { get; } = groupKey;
    }
}
