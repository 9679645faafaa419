using Microsoft.Bot.Schema;
using StackExchange.Redis;
using SupportBot.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>The conversations that get briefings, in Redis. Key: subscribers (hash conversation id → conversation reference JSON).</summary>
public sealed class RedisBriefingChannelStore(RedisConnection redis) : IBriefingChannelStore
{
    private RedisKey Subscribers => redis.Key("subscribers");

    public Task<bool> AddAsync(ConversationReference reference, CancellationToken ct) =>
        redis.Run(db => db.HashSetAsync(Subscribers, reference.Conversation.Id, StoreJson.Write(reference)));

    public Task<bool> RemoveAsync(string conversationId, CancellationToken ct) =>
        redis.Run(db => db.HashDeleteAsync(Subscribers, conversationId));

    public async Task<IReadOnlyList<ConversationReference>> ListAsync(CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashValuesAsync(Subscribers));
        return all.Select(json => StoreJson.Read<ConversationReference>(json!)).ToList();
    }
}
