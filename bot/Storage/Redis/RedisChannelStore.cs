using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using StackExchange.Redis;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Subscribed conversations and posted cards in Redis. Keys: subscribers (hash conversation id → conversation
/// reference JSON), cards:{incident number} (hash conversation id → {activityId, version}).
/// </summary>
public sealed class RedisChannelStore(RedisConnection redis) : IChannelStore
{
    private RedisKey Subscribers => redis.Key("subscribers");
    private RedisKey Cards(int incidentNumber) => redis.Key($"cards:{incidentNumber}");

    public Task<bool> SubscribeAsync(ConversationReference reference, CancellationToken ct) =>
        redis.Database.HashSetAsync(Subscribers, reference.Conversation.Id, JsonConvert.SerializeObject(reference));

    public Task<bool> UnsubscribeAsync(string conversationId, CancellationToken ct) =>
        redis.Database.HashDeleteAsync(Subscribers, conversationId);

    public async Task<IReadOnlyList<ConversationReference>> ListSubscribersAsync(CancellationToken ct)
    {
        var all = await redis.Database.HashValuesAsync(Subscribers);
        return all.Select(json => JsonConvert.DeserializeObject<ConversationReference>(json!)!).ToList();
    }

    public async Task<PostedCard?> GetPostedCardAsync(int incidentNumber, string conversationId, CancellationToken ct)
    {
        var json = await redis.Database.HashGetAsync(Cards(incidentNumber), conversationId);
        return json.IsNull ? null : StoreJson.Read<PostedCard>(json!);
    }

    public Task SetPostedCardAsync(int incidentNumber, string conversationId, PostedCard card, CancellationToken ct) =>
        redis.Database.HashSetAsync(Cards(incidentNumber), conversationId, StoreJson.Write(card));
}
