using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Outbox;

namespace SupportBot.Storage.Redis;

/// <summary>The activity carrying each card in each conversation, in Redis. Key: cards:{merge key} (hash conversation id → {activityId, version}).</summary>
public sealed class RedisPostedCardStore(RedisConnection redis) : IPostedCardStore
{
    // KEYS: cards. ARGV: conversation, 1 when a card is expected (0: none), its activity id ('' for none), version,
    // maybe posted (1/0), unconfirmed copies, the new JSON, its posting attempt ('' for none). Compares the fields, not
    // the text, so a value written by another version of the bot still matches. 1 when written, 0 when the stored card
    // is not the expected one.
    private const string ReplaceScript = """
        local stored = redis.call('HGET', KEYS[1], ARGV[1])
        if ARGV[2] == '0' then
          if stored then return 0 end
        else
          if not stored then return 0 end
          local card = cjson.decode(stored)
          local id = card.activityId
          if id == nil or id == cjson.null then id = '' end
          local maybe = '0'
          if card.maybePosted == true then maybe = '1' end
          if id ~= ARGV[3] or tonumber(card.version or 0) ~= tonumber(ARGV[4]) or maybe ~= ARGV[5]
             or tonumber(card.unconfirmedCopies or 0) ~= tonumber(ARGV[6]) then return 0 end
          local attempt = card.attempt
          if attempt == nil or attempt == cjson.null then attempt = '' end
          if attempt ~= ARGV[8] then return 0 end
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[7])
        return 1
        """;

    private RedisKey Cards(string mergeKey) => redis.Key($"cards:{mergeKey}");

    public async Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct)
    {
        var json = await redis.Run(db => db.HashGetAsync(Cards(mergeKey), conversationId, Primary));
        return json.IsNull ? null : StoreJson.Read<PostedCard>(json!);
    }

    public async Task<IReadOnlyDictionary<string, PostedCard>> ListAsync(string mergeKey, CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashGetAllAsync(Cards(mergeKey), Primary));
        return all.ToDictionary(e => (string)e.Name!, e => StoreJson.Read<PostedCard>(e.Value!), StringComparer.Ordinal);
    }

    public Task RemoveAllAsync(string mergeKey, CancellationToken ct) => redis.Run(db => db.KeyDeleteAsync(Cards(mergeKey)));

    public async Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct)
    {
        var epoch = redis.Epoch;
        await redis.Run(db => db.HashSetAsync(Cards(mergeKey), conversationId, StoreJson.Write(card)));
        await redis.ReplicatedAsync(Cards(mergeKey), epoch);
    }

    public async Task<bool> TryReplaceAsync(string mergeKey, string conversationId, PostedCard? expected, PostedCard card, CancellationToken ct)
    {
        var epoch = redis.Epoch;
        var written = await redis.Run(db => db.ScriptEvaluateAsync(ReplaceScript, [Cards(mergeKey)],
            [conversationId, expected is null ? 0 : 1, expected?.ActivityId ?? "", expected?.Version ?? 0, expected?.MaybePosted == true ? 1 : 0,
             expected?.UnconfirmedCopies ?? 0, StoreJson.Write(card), expected?.Attempt ?? ""], flags: Primary));
        if ((int)written != 1) return false;
        await redis.ReplicatedAsync(Cards(mergeKey), epoch);
        return true;
    }
}
