using System.Text.Json;
using Microsoft.Bot.Schema;
using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The conversations that get briefings, in Redis. Key: subscribers (hash conversation id → {reference, filter} JSON).
/// A value written before channels had filters is the bare conversation reference: it follows everything.
/// </summary>
public sealed class RedisBriefingChannelStore(RedisConnection redis) : IBriefingChannelStore
{
    private RedisKey Subscribers => redis.Key("subscribers");

    public Task<bool> AddAsync(ConversationReference reference, ChannelFilter filter, CancellationToken ct) =>
        redis.Run(db => db.HashSetAsync(Subscribers, reference.Conversation.Id, StoreJson.Write(new Stored(reference, filter))));

    public Task<bool> RemoveAsync(string conversationId, CancellationToken ct) =>
        redis.Run(db => db.HashDeleteAsync(Subscribers, conversationId));

    public async Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct)
    {
        var json = await redis.Run(db => db.HashGetAsync(Subscribers, conversationId, Primary));
        return json.IsNull ? null : Read(json!);
    }

    public async Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct)
    {
        var all = await redis.Run(db => db.HashValuesAsync(Subscribers, Primary));
        return all.Select(json => Read(json!)).ToList();
    }

    private static ChannelSubscription Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("reference", out _))
            return new ChannelSubscription(StoreJson.Read<ConversationReference>(json), ChannelFilter.All);
        var stored = StoreJson.Read<Stored>(json);
        return new ChannelSubscription(stored.Reference, stored.Filter ?? ChannelFilter.All);
    }

    private sealed record Stored(ConversationReference Reference, ChannelFilter? Filter);
}
