using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Outbox;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The outbox in Redis. Everything of one conversation lives in its own slot group {outbox:&lt;conversation&gt;}, so
/// each step is one Lua script on one slot and Redis Cluster spreads the conversations over its primaries:
/// ...:seen:&lt;id&gt; (string with a TTL: the idempotency key), ...:messages (hash id → message JSON), ...:queue (list of
/// ids, FIFO), ...:urgent (the same for urgent messages, claimed before the queue), ...:due (when the conversation may send next, Unix ms; a claimed conversation is pushed to the end of
/// its lease), ...:sent (recent send times for pacing). Two keys stand alone: outbox:due (sorted set conversation →
/// due, the index workers look in for due conversations; a hint the scripts re-check), outbox:conversations (set of
/// every conversation ever queued to, which idle workers sweep to repair the index) and the dead letters (see
/// <see cref="DeadLetterAsync"/>).
/// </summary>
public sealed class RedisOutboxStore(RedisConnection redis, TimeSpan idempotencyWindow, int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null)
    : IOutboxStore
{
    private const int RecentSendsKept = 60;
    private const int CandidatesPerClaim = 16;

    /// <summary>How far into each lane a completed card's older versions are looked for (a bound on the script's work).</summary>
    private const int SupersededScan = 256;

    // KEYS: seen, messages, queue, due. ARGV: id, json, now ms, seen ttl ms. The conversation's due time, or false for a repeat.
    private const string EnqueueScript = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4]) then return false end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('RPUSH', KEYS[3], ARGV[1])
        redis.call('SET', KEYS[4], ARGV[3], 'NX')
        return redis.call('GET', KEYS[4])
        """;

    // KEYS: due, queue, messages, sent, urgent. ARGV: now ms, lease end ms, recent sends kept.
    // {0}: nothing queued; {1, due}: not due yet; {2, json, recent sends}: claimed until the lease ends.
    private const string ClaimScript = """
        local lane = KEYS[5]
        local head = redis.call('LINDEX', lane, 0)
        if not head then lane = KEYS[2] head = redis.call('LINDEX', lane, 0) end
        if not head then redis.call('DEL', KEYS[1]) return {0} end
        local due = redis.call('GET', KEYS[1])
        if due and tonumber(due) > tonumber(ARGV[1]) then return {1, due} end
        local json = redis.call('HGET', KEYS[3], head)
        if not json then redis.call('LPOP', lane) redis.call('SET', KEYS[1], ARGV[1]) return {1, ARGV[1]} end
        redis.call('SET', KEYS[1], ARGV[2])
        return {2, json, redis.call('LRANGE', KEYS[4], 0, tonumber(ARGV[3]) - 1)}
        """;

    // KEYS: due, queue, messages, sent, urgent. ARGV: id, sent at ms or '', now ms, recent sends kept, the id prefix of the
    // card's versions ('card:<merge key>:<conversation>:v') or '', the version its card shows now. The next due time, or false when empty.
    // The versions of the card queued at or below the one shown leave both lanes (the first SupersededScan ids of each are looked at).
    private const string CompleteScript = """
        local lane = false
        if redis.call('LINDEX', KEYS[5], 0) == ARGV[1] then lane = KEYS[5] elseif redis.call('LINDEX', KEYS[2], 0) == ARGV[1] then lane = KEYS[2] end
        if lane then
          redis.call('LPOP', lane)
          redis.call('HDEL', KEYS[3], ARGV[1])
          if ARGV[2] ~= '' then
            redis.call('LPUSH', KEYS[4], ARGV[2])
            redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[4]) - 1)
            redis.call('PEXPIRE', KEYS[4], 3600000)
          end
          if ARGV[5] ~= '' then
            local shown = tonumber(ARGV[6])
            local prefix = #ARGV[5]
            for _, each in ipairs({KEYS[5], KEYS[2]}) do
              for _, id in ipairs(redis.call('LRANGE', each, 0, tonumber(ARGV[7]) - 1)) do
                if string.sub(id, 1, prefix) == ARGV[5] then
                  local version = tonumber(string.sub(id, prefix + 1))
                  if version and version <= shown then
                    redis.call('LREM', each, 1, id)
                    redis.call('HDEL', KEYS[3], id)
                  end
                end
              end
            end
          end
        end
        if redis.call('LLEN', KEYS[2]) + redis.call('LLEN', KEYS[5]) == 0 then redis.call('DEL', KEYS[1]) return false end
        redis.call('SET', KEYS[1], ARGV[3])
        return ARGV[3]
        """;

    // KEYS: due. ARGV: the lease end ms the claim set, now ms. Gives an unconfirmed claim back, unless the conversation moved on.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
        """;

    // KEYS: sent. ARGV: sent at ms, recent sends kept.
    private const string RecordSendScript = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        redis.call('PEXPIRE', KEYS[1], 3600000)
        return 1
        """;

    // KEYS: due, queue, messages, urgent. ARGV: id, json, due ms.
    private const string RescheduleScript = """
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[1] and redis.call('LINDEX', KEYS[4], 0) ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
        redis.call('SET', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS: due, queue, messages, seen, urgent. ARGV: id, now ms. The message leaves the head, and its idempotency key is forgotten.
    private const string DropHeadScript = """
        local lane = false
        if redis.call('LINDEX', KEYS[5], 0) == ARGV[1] then lane = KEYS[5] elseif redis.call('LINDEX', KEYS[2], 0) == ARGV[1] then lane = KEYS[2] end
        if not lane then return false end
        redis.call('LPOP', lane)
        redis.call('HDEL', KEYS[3], ARGV[1])
        redis.call('DEL', KEYS[4])
        if redis.call('LLEN', KEYS[2]) + redis.call('LLEN', KEYS[5]) == 0 then redis.call('DEL', KEYS[1]) return false end
        redis.call('SET', KEYS[1], ARGV[2])
        return ARGV[2]
        """;

    // KEYS: dead, dead-at. ARGV: id, dead letter json, now ms, oldest kept ms, most kept.
    private const string KeepDeadLetterScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])) do redis.call('HDEL', KEYS[1], old) end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
        local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
        if over > 0 then
          for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('HDEL', KEYS[1], old) end
          redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
        end
        return 1
        """;

    // KEYS: queue, due, urgent. The length of both lanes and the due time.
    private const string PeekScript = """
        return {redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[3]), redis.call('GET', KEYS[2]) or '0'}
        """;

    /// <summary>
    /// The conversations this instance's workers hold, until when (Unix ms): a claim, until its message is completed,
    /// rescheduled or dead-lettered, or its lease ends (whatever happened to the worker, the entry means nothing after that).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _held = new(StringComparer.Ordinal);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);
    private long _nextSweep;

    private RedisKey Index => redis.Key("outbox:due");
    private RedisKey Conversations => redis.Key("outbox:conversations");
    private RedisKey Dead => redis.Key("outbox-dead", "");
    private RedisKey DeadAt => redis.Key("outbox-dead", ":at");
    private static string Group(string conversation) => "outbox:" + conversation;
    private RedisKey Seen(string conversation, string id) => redis.Key(Group(conversation), ":seen:" + id);
    private RedisKey Messages(string conversation) => redis.Key(Group(conversation), ":messages");
    private RedisKey Queue(string conversation) => redis.Key(Group(conversation), ":queue");
    private RedisKey Urgent(string conversation) => redis.Key(Group(conversation), ":urgent");
    private RedisKey Lane(OutboxMessage message) => message.Urgent ? Urgent(message.ConversationId) : Queue(message.ConversationId);
    private RedisKey Due(string conversation) => redis.Key(Group(conversation), ":due");
    private RedisKey Sent(string conversation) => redis.Key(Group(conversation), ":sent");

    public async Task<bool> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        var conversation = message.ConversationId;
        var nowMs = now.ToUnixTimeMilliseconds();
        var epoch = redis.Epoch;
        // Into the index before the queue too: a worker that finds the queue still empty takes it out again and
        // re-checks, so a crash between the two steps below cannot leave a queued message out of the index.
        await redis.Run(db => db.SetAddAsync(Conversations, conversation));
        await redis.Run(db => db.SortedSetAddAsync(Index, conversation, nowMs, SortedSetWhen.NotExists));
        var due = await redis.Run(db => db.ScriptEvaluateAsync(EnqueueScript,
            [Seen(conversation, message.Id), Messages(conversation), Lane(message), Due(conversation)],
            [message.Id, StoreJson.Write(message), nowMs, (long)idempotencyWindow.TotalMilliseconds], flags: Primary));
        if (due.IsNull)
        {
            await RefreshIndexAsync(conversation, null);
            return false;
        }
        await IndexAtDueAsync(conversation, (long)due);
        await redis.ReplicatedAsync(Lane(message), epoch);
        return true;
    }

    public async Task<OutboxLease?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var leaseEnd = (now + lease).ToUnixTimeMilliseconds();
        var candidates = await redis.Run(db => db.SortedSetRangeByScoreAsync(Index, double.NegativeInfinity, nowMs, take: CandidatesPerClaim, flags: Primary));
        if (candidates.Length == 0 && Interlocked.Exchange(ref _nextSweep, nowMs + (long)SweepInterval.TotalMilliseconds) < nowMs)
            await SweepAsync();
        foreach (var candidate in candidates)
        {
            string conversation = candidate!;
            // Held by another worker of this instance (the index learns of a claim a step after it): no need to ask Redis.
            if (_held.TryGetValue(conversation, out var heldUntil) && heldUntil > nowMs) continue;
            var epoch = redis.Epoch;
            var result = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(ClaimScript,
                [Due(conversation), Queue(conversation), Messages(conversation), Sent(conversation), Urgent(conversation)],
                [nowMs, leaseEnd, RecentSendsKept], flags: Primary)))!;
            switch ((int)result[0])
            {
                case 0:
                    await RefreshIndexAsync(conversation, null);
                    continue;
                case 1: // claimed by another instance, or backing off: the index learns when
                    await IndexAtDueAsync(conversation, (long)result[1]);
                    continue;
            }
            _held[conversation] = leaseEnd;
            try
            {
                await ConfirmClaimAsync(conversation, leaseEnd, nowMs, epoch);
            }
            catch
            {
                _held.TryRemove(conversation, out _);
                throw;
            }
            await redis.Run(db => db.SortedSetAddAsync(Index, conversation, leaseEnd));
            var message = StoreJson.Read<OutboxMessage>((string)result[1]!);
            var recent = ((RedisResult[])result[2]!).Select(r => DateTimeOffset.FromUnixTimeMilliseconds((long)r)).ToList();
            return new OutboxLease(message, recent);
        }
        return null;
    }

    /// <summary>
    /// With Redis:WaitForReplicas, a claim counts only once the replicas have it. A server that is no longer the
    /// primary (its replica was promoted a moment ago, and it has not been told yet) still hands out claims, on a
    /// queue as it was before the promotion: the instance on the new primary may be sending the same message, or
    /// have sent it. No replica confirms such a claim, so it is given back (when possible) and nothing is sent.
    /// </summary>
    private async Task ConfirmClaimAsync(string conversation, long leaseEnd, long nowMs, long epoch)
    {
        try
        {
            await redis.ReplicatedAsync(Due(conversation), epoch);
        }
        catch (StoreUnavailableException)
        {
            try
            {
                if ((int)await redis.Run(db => db.ScriptEvaluateAsync(ReleaseScript, [Due(conversation)], [leaseEnd, nowMs], flags: Primary)) == 1)
                    await IndexAtDueAsync(conversation, nowMs);
            }
            catch (StoreUnavailableException) { } // the lease then ends by itself
            throw;
        }
    }

    public async Task CompleteAsync(OutboxMessage message, DateTimeOffset? sentAt, DateTimeOffset now, CancellationToken ct, int? cardShows = null)
    {
        var conversation = message.ConversationId;
        var epoch = redis.Epoch;
        var versions = cardShows is not null && message.MergeKey is { } key ? OutboxMessage.CardIdPrefix(key, conversation) : "";
        _held.TryRemove(conversation, out _);
        var next = await redis.Run(db => db.ScriptEvaluateAsync(CompleteScript,
            [Due(conversation), Queue(conversation), Messages(conversation), Sent(conversation), Urgent(conversation)],
            [message.Id, sentAt is { } at ? RoundedUpMs(at).ToString() : "", now.ToUnixTimeMilliseconds(), RecentSendsKept,
             versions, cardShows ?? 0, SupersededScan], flags: Primary));
        await RefreshIndexAsync(conversation, next.IsNull ? null : (long)next);
        if (sentAt is not null) await redis.ReplicatedAsync(Queue(conversation), epoch);
    }

    public Task RecordSendAsync(string conversationId, DateTimeOffset at, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(RecordSendScript, [Sent(conversationId)], [RoundedUpMs(at), RecentSendsKept], flags: Primary));

    /// <summary>Send times round up: pacing must never think a send happened earlier than the channel saw it.</summary>
    private static long RoundedUpMs(DateTimeOffset at) => at.AddTicks(TimeSpan.TicksPerMillisecond - 1).ToUnixTimeMilliseconds();

    public async Task RescheduleAsync(OutboxMessage message, DateTimeOffset dueAt, CancellationToken ct)
    {
        var conversation = message.ConversationId;
        _held.TryRemove(conversation, out _);
        var moved = await redis.Run(db => db.ScriptEvaluateAsync(RescheduleScript,
            [Due(conversation), Queue(conversation), Messages(conversation), Urgent(conversation)],
            [message.Id, StoreJson.Write(message), dueAt.ToUnixTimeMilliseconds()], flags: Primary));
        if ((int)moved == 1) await redis.Run(db => db.SortedSetAddAsync(Index, conversation, dueAt.ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// The dead letter is kept first (the dead letters are a slot group of their own: {outbox-dead} hash id → JSON and
    /// {outbox-dead}:at, sorted by when, bounded in number and age), then the message leaves its queue and its
    /// idempotency key is forgotten: a crash in between retries it once more.
    /// </summary>
    public async Task DeadLetterAsync(DeadLetter deadLetter, DateTimeOffset now, CancellationToken ct)
    {
        var message = deadLetter.Message;
        var conversation = message.ConversationId;
        _held.TryRemove(conversation, out _);
        if (await redis.Run(db => db.ListGetByIndexAsync(Lane(message), 0, Primary)) != message.Id) return;
        await redis.Run(db => db.ScriptEvaluateAsync(KeepDeadLetterScript, [Dead, DeadAt],
            [message.Id, StoreJson.Write(deadLetter), now.ToUnixTimeMilliseconds(),
             (now - (deadLetterRetention ?? TimeSpan.FromDays(14))).ToUnixTimeMilliseconds(), deadLetterLimit], flags: Primary));
        var next = await redis.Run(db => db.ScriptEvaluateAsync(DropHeadScript,
            [Due(conversation), Queue(conversation), Messages(conversation), Seen(conversation, message.Id), Urgent(conversation)],
            [message.Id, now.ToUnixTimeMilliseconds()], flags: Primary));
        await RefreshIndexAsync(conversation, next.IsNull ? null : (long)next);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashValuesAsync(Dead, Primary));
        return all.Select(json => StoreJson.Read<DeadLetter>(json!)).OrderBy(d => d.At).ToList();
    }

    /// <summary>Every conversation with queued messages is in the index, so the pending count is the sum of their queues.</summary>
    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        var conversations = await redis.Run(db => db.SortedSetRangeByRankAsync(Index, flags: Primary));
        var lengths = await Task.WhenAll(conversations.SelectMany(c => new[] { Queue(c!), Urgent(c!) })
            .Select(lane => redis.Run(db => db.ListLengthAsync(lane, Primary))));
        return lengths.Sum();
    }

    /// <summary>
    /// Puts back into the index any conversation with queued messages that is missing from it: the index and the
    /// queues live in different slots, so an instance dying (or Redis failing over) between the two writes could
    /// leave a queue unindexed. Idle workers check every known conversation once per <see cref="SweepInterval"/>.
    /// </summary>
    private async Task SweepAsync()
    {
        foreach (var conversation in await redis.Run(db => db.SetMembersAsync(Conversations, Primary)))
        {
            var peek = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(PeekScript, [Queue(conversation!), Due(conversation!), Urgent(conversation!)], flags: Primary)))!;
            if ((long)peek[0] > 0) await redis.Run(db => db.SortedSetAddAsync(Index, conversation, (long)peek[1], SortedSetWhen.NotExists));
        }
    }

    /// <summary>
    /// Puts the conversation in the index at the due time a script of another step found (<paramref name="found"/>),
    /// and follows the conversation's own due time until the two agree. The found time may be a claim's lease end that
    /// is already over: the claimer may have completed or rescheduled the conversation since, and written its new due
    /// time into the index before this write, which would then hide the conversation until the found time (a whole
    /// lease, its cards stalled although nobody holds it). Every change of the due time is followed by its writer's own
    /// write into the index, so once the due time read after this write is the one written, the index is right.
    /// </summary>
    private async Task IndexAtDueAsync(string conversation, long found)
    {
        for (var attempt = 0; attempt < MaxIndexAttempts; attempt++)
        {
            await redis.Run(db => db.SortedSetAddAsync(Index, conversation, found));
            var due = await redis.Run(db => db.StringGetAsync(Due(conversation), Primary));
            if (due.IsNull)
            {
                await RefreshIndexAsync(conversation, null);
                return;
            }
            if ((long)due == found) return;
            found = (long)due;
        }
    }

    /// <summary>Each further attempt means another step changed the due time meanwhile; it rarely takes a second one.</summary>
    private const int MaxIndexAttempts = 8;

    /// <summary>
    /// Puts the conversation in the index at <paramref name="due"/>, or, when its queue looked empty, takes it out
    /// and then looks again: a message queued in between puts it back, whichever side is first.
    /// </summary>
    private async Task RefreshIndexAsync(string conversation, long? due)
    {
        if (due is { } at)
        {
            await redis.Run(db => db.SortedSetAddAsync(Index, conversation, at));
            return;
        }
        await redis.Run(db => db.SortedSetRemoveAsync(Index, conversation));
        var peek = (RedisResult[])(await redis.Run(db => db.ScriptEvaluateAsync(PeekScript, [Queue(conversation), Due(conversation), Urgent(conversation)], flags: Primary)))!;
        if ((long)peek[0] > 0) await redis.Run(db => db.SortedSetAddAsync(Index, conversation, (long)peek[1]));
    }
}
