using StackExchange.Redis;
using SupportBot.Outbox;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The outbox in Redis, each step one Lua script. Keys:
/// outbox:seen:{id} (string with a TTL: the idempotency key), outbox:messages (hash id → message JSON),
/// outbox:queue:{conversation} (list of ids, FIFO), outbox:due (sorted set conversation → when it may send next,
/// in Unix ms; a claimed conversation is pushed to the end of its lease), outbox:sent:{conversation} (list of
/// recent send times for pacing), outbox:dead (hash id → dead letter JSON) with outbox:dead-at (sorted set id → when,
/// to keep the dead letters bounded in number and age).
/// </summary>
public sealed class RedisOutboxStore(RedisConnection redis, TimeSpan idempotencyWindow, int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null)
    : IOutboxStore
{
    private const int RecentSendsKept = 60;
    private const int CandidatesPerClaim = 16;

    // KEYS: seen, messages, queue, due. ARGV: id, json, conversation, now ms, seen ttl ms.
    private const string EnqueueScript = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[5]) then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('RPUSH', KEYS[3], ARGV[1])
        redis.call('ZADD', KEYS[4], 'NX', ARGV[4], ARGV[3])
        return 1
        """;

    // KEYS: due, queue, messages, sent. ARGV: conversation, now ms, lease end ms, recent sends kept.
    private const string ClaimScript = """
        local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not due or tonumber(due) > tonumber(ARGV[2]) then return false end
        local head = redis.call('LINDEX', KEYS[2], 0)
        if not head then redis.call('ZREM', KEYS[1], ARGV[1]) return false end
        local json = redis.call('HGET', KEYS[3], head)
        if not json then redis.call('LPOP', KEYS[2]) redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) return false end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return {json, redis.call('LRANGE', KEYS[4], 0, tonumber(ARGV[4]) - 1)}
        """;

    // KEYS: due, queue, messages, sent. ARGV: conversation, id, sent at ms or '', now ms, recent sends kept.
    private const string CompleteScript = """
        if redis.call('LINDEX', KEYS[2], 0) == ARGV[2] then
          redis.call('LPOP', KEYS[2])
          redis.call('HDEL', KEYS[3], ARGV[2])
          if ARGV[3] ~= '' then
            redis.call('LPUSH', KEYS[4], ARGV[3])
            redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[5]) - 1)
            redis.call('PEXPIRE', KEYS[4], 3600000)
          end
        end
        if redis.call('LLEN', KEYS[2]) > 0 then redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1]) else redis.call('ZREM', KEYS[1], ARGV[1]) end
        return 1
        """;

    // KEYS: due, queue, messages. ARGV: conversation, id, json, due ms.
    private const string RescheduleScript = """
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
        return 1
        """;

    // KEYS: due, queue, messages, dead, dead-at, seen. ARGV: conversation, id, dead letter json, now ms, oldest kept ms, most kept.
    private const string DeadLetterScript = """
        if redis.call('LINDEX', KEYS[2], 0) == ARGV[2] then
          redis.call('LPOP', KEYS[2])
          redis.call('HDEL', KEYS[3], ARGV[2])
          redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
          redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
          redis.call('DEL', KEYS[6])
        end
        if redis.call('LLEN', KEYS[2]) > 0 then redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1]) else redis.call('ZREM', KEYS[1], ARGV[1]) end
        for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[5])) do redis.call('HDEL', KEYS[4], old) end
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[5])
        local over = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[6])
        if over > 0 then
          for _, old in ipairs(redis.call('ZRANGE', KEYS[5], 0, over - 1)) do redis.call('HDEL', KEYS[4], old) end
          redis.call('ZREMRANGEBYRANK', KEYS[5], 0, over - 1)
        end
        return 1
        """;

    private RedisKey Messages => redis.Key("outbox:messages");
    private RedisKey Due => redis.Key("outbox:due");
    private RedisKey Dead => redis.Key("outbox:dead");
    private RedisKey DeadAt => redis.Key("outbox:dead-at");
    private RedisKey Seen(string id) => redis.Key($"outbox:seen:{id}");
    private RedisKey Queue(string conversation) => redis.Key($"outbox:queue:{conversation}");
    private RedisKey Sent(string conversation) => redis.Key($"outbox:sent:{conversation}");

    public async Task<bool> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        var result = await redis.Run(db => db.ScriptEvaluateAsync(EnqueueScript,
            [Seen(message.Id), Messages, Queue(message.ConversationId), Due],
            [message.Id, StoreJson.Write(message), message.ConversationId, now.ToUnixTimeMilliseconds(), (long)idempotencyWindow.TotalMilliseconds]));
        return (int)result == 1;
    }

    public async Task<OutboxLease?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var candidates = await redis.Run(db => db.SortedSetRangeByScoreAsync(Due, double.NegativeInfinity, nowMs, take: CandidatesPerClaim));
        foreach (var candidate in candidates)
        {
            string conversation = candidate!;
            var result = await redis.Run(db => db.ScriptEvaluateAsync(ClaimScript,
                [Due, Queue(conversation), Messages, Sent(conversation)],
                [conversation, nowMs, (now + lease).ToUnixTimeMilliseconds(), RecentSendsKept]));
            if (result.IsNull) continue; // another instance claimed it first
            var parts = (RedisResult[])result!;
            var message = StoreJson.Read<OutboxMessage>((string)parts[0]!);
            var recent = ((RedisResult[])parts[1]!).Select(r => DateTimeOffset.FromUnixTimeMilliseconds((long)r)).ToList();
            return new OutboxLease(message, recent);
        }
        return null;
    }

    public Task CompleteAsync(OutboxMessage message, DateTimeOffset? sentAt, DateTimeOffset now, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(CompleteScript,
            [Due, Queue(message.ConversationId), Messages, Sent(message.ConversationId)],
            [message.ConversationId, message.Id, sentAt?.ToUnixTimeMilliseconds().ToString() ?? "", now.ToUnixTimeMilliseconds(), RecentSendsKept]));

    public Task RescheduleAsync(OutboxMessage message, DateTimeOffset dueAt, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(RescheduleScript,
            [Due, Queue(message.ConversationId), Messages],
            [message.ConversationId, message.Id, StoreJson.Write(message), dueAt.ToUnixTimeMilliseconds()]));

    public Task DeadLetterAsync(DeadLetter deadLetter, DateTimeOffset now, CancellationToken ct) =>
        redis.Run(db => db.ScriptEvaluateAsync(DeadLetterScript,
            [Due, Queue(deadLetter.Message.ConversationId), Messages, Dead, DeadAt, Seen(deadLetter.Message.Id)],
            [deadLetter.Message.ConversationId, deadLetter.Message.Id, StoreJson.Write(deadLetter), now.ToUnixTimeMilliseconds(),
             (now - (deadLetterRetention ?? TimeSpan.FromDays(14))).ToUnixTimeMilliseconds(), deadLetterLimit]));

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashValuesAsync(Dead));
        return all.Select(json => StoreJson.Read<DeadLetter>(json!)).OrderBy(d => d.At).ToList();
    }

    public Task<long> CountPendingAsync(CancellationToken ct) => redis.Run(db => db.HashLengthAsync(Messages));
}
