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
/// A check that fails fails every webhook of its batch (Redis unavailable: 503 to each; nothing was written); an
/// incident that cannot be read fails only the webhooks of its group.
/// </summary>
/// <param name="copyOf">The copy this instance holds of a group's open incident (null: none), asked as a check is sent, so
/// that a version this instance wrote while the webhook waited counts as current.</param>
/// <param name="seen">Told, once per group and check, what Redis holds for it: the open incident (null: none), and
/// whether it was read (not this instance's copy), before the group's webhooks are answered.</param>
public sealed class OpenIncidentChecks(RedisConnection redis, Func<string, Incident?> copyOf, Action<string, Incident?, bool> seen,
    RedisKey open, RedisKey versions, RedisKey incidents, RedisKey confirmed, RedisKey alertsPrefix)
{
    /// <summary>At most this many webhooks per script, so one script never holds Redis up for long.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// A batch of up to this many webhooks resumes on the thread that read its answer, one after the other; a larger
    /// one half there and half on one other thread (not one thread-pool hop per webhook).
    /// </summary>
    private const int ResumedHereAtMost = 3;

    // KEYS: open, versions, incidents, confirmed, alerts prefix. ARGV: 1 to touch confirmed (see ConfirmedRead), then
    // for each check: group key, the number and version this instance holds for it (0, 0: none). For each check: false
    // when its group has no open incident; 1 when the copy is current; its JSON and alerts when it is not.
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
            result[k] = 1
          else
            result[k] = { read_incident(KEYS[3], KEYS[5], number) }
          end
        end
        return result
        """;

    private readonly object _gate = new();
    private List<Waiting> _queued = [];
    private bool _checking;

    /// <summary>Which incident is open for <paramref name="groupKey"/>, as Redis holds it after this call (null: none).</summary>
    public Task<Incident?> CheckAsync(string groupKey)
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

    /// <summary>
    /// Sends a batch, and when it is answered sends the next one (what arrived meanwhile) before the answered batch's
    /// webhooks resume, so they resume while the next check is on its way.
    /// </summary>
    private async Task CheckQueuedAsync()
    {
        var batch = Next() is { } first ? new Batch(first, this) : null;
        while (batch is not null)
        {
            var answers = await batch.AnswersAsync();
            var next = Next() is { } queued ? new Batch(queued, this) : null;
            batch.Resume(answers);
            batch = next;
        }
    }

    private bool WaitsForReplicas => redis.WaitsForReplicas;
    private Incident? CopyOf(string groupKey) => copyOf(groupKey);
    private void Seen(string groupKey, Incident? incident, bool read) => seen(groupKey, incident, read);

    private async Task<RedisResult> SendAsync(RedisValue[] args)
    {
        var epoch = redis.Epoch;
        var result = await redis.Run(db => db.ScriptEvaluateAsync(Script, [open, versions, incidents, confirmed, alertsPrefix], args, Primary));
        // A webhook's 202 may rest on this read alone (see RedisIncidentStore.ConfirmedRead).
        await redis.ReplicatedAsync(confirmed, epoch);
        return result;
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

    /// <summary>One script's webhooks: sent when made, with the copies this instance holds then.</summary>
    private sealed class Batch
    {
        private readonly List<Waiting> _waiting;
        private readonly OpenIncidentChecks _checks;
        private readonly int[] _of;                      // webhook → its group's check (webhooks of one group share it)
        private readonly List<string> _groups = [];
        private readonly List<Incident?> _copies = [];
        private readonly Task<RedisResult> _reply;

        public Batch(List<Waiting> waiting, OpenIncidentChecks checks)
        {
            (_waiting, _checks) = (waiting, checks);
            _of = new int[waiting.Count];
            var byGroup = new Dictionary<string, int>(StringComparer.Ordinal);
            var args = new List<RedisValue>(1 + 3 * waiting.Count) { checks.WaitsForReplicas ? 1 : 0 };
            for (var i = 0; i < waiting.Count; i++)
            {
                var group = waiting[i].GroupKey;
                if (byGroup.TryGetValue(group, out _of[i])) continue;
                var copy = checks.CopyOf(group);
                _of[i] = _groups.Count;
                byGroup.Add(group, _of[i]);
                _groups.Add(group);
                _copies.Add(copy);
                args.Add(group);
                args.Add(copy?.Number ?? 0);
                args.Add(copy?.Version ?? 0);
            }
            _reply = checks.SendAsync([.. args]);
        }

        /// <summary>For each check, the open incident (or null) or why it could not be told; never throws.</summary>
        public async Task<object?[]> AnswersAsync()
        {
            var answers = new object?[_groups.Count];
            RedisResult[] replies;
            try
            {
                replies = (RedisResult[])(await _reply)!;
            }
            catch (Exception e)
            {
                Array.Fill(answers, e);
                return answers;
            }
            for (var k = 0; k < answers.Length; k++)
            {
                try
                {
                    var (incident, read) = Read(replies[k], _copies[k]);
                    _checks.Seen(_groups[k], incident, read);
                    answers[k] = incident;
                }
                catch (Exception e)
                {
                    // One incident that cannot be read (its JSON, say) fails its own group's webhooks, not the others'.
                    answers[k] = e;
                }
            }
            return answers;
        }

        private static (Incident? Incident, bool Read) Read(RedisResult reply, Incident? copy)
        {
            if (reply.IsNull) return (null, false);
            if (reply.Resp2Type == ResultType.Integer) return (copy, false);
            var parts = (RedisResult[])reply!;
            return (RedisIncidentAlerts.Read(parts[0], parts[1]), true);
        }

        /// <summary>
        /// Answers the webhooks: each continues inline where it is answered, so the batch takes at most one thread-pool
        /// hop (see <see cref="ResumedHereAtMost"/>), not one per webhook.
        /// </summary>
        public void Resume(object?[] answers)
        {
            var here = _waiting.Count <= ResumedHereAtMost ? _waiting.Count : _waiting.Count / 2;
            if (here < _waiting.Count)
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Batch.Answer(state.Answers, state.From, state.Batch._waiting.Count),
                    (Batch: this, Answers: answers, From: here), preferLocal: false);
            Answer(answers, 0, here);
        }

        private void Answer(object?[] answers, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var answer = answers[_of[i]];
                if (answer is Exception e) _waiting[i].TrySetException(e);
                else _waiting[i].TrySetResult((Incident?)answer);
            }
        }
    }

    /// <summary>Completed by the loop (or the one thread it hands a batch's rest to): the webhook continues right there.</summary>
    private sealed class Waiting(string groupKey) : TaskCompletionSource<Incident?>
    {
        public string GroupKey { get; } = groupKey;
    }
}
