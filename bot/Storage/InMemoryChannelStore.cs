using System.Collections.Concurrent;
using Microsoft.Bot.Schema;

namespace SupportBot.Storage;

public sealed class InMemoryChannelStore : IChannelStore
{
    private readonly ConcurrentDictionary<string, ConversationReference> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int, string), PostedCard> _cards = new();

    public Task<bool> SubscribeAsync(ConversationReference reference, CancellationToken ct)
    {
        var isNew = true;
        _subscribers.AddOrUpdate(reference.Conversation.Id, reference, (_, _) => { isNew = false; return reference; });
        return Task.FromResult(isNew);
    }

    public Task<bool> UnsubscribeAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_subscribers.TryRemove(conversationId, out _));

    public Task<IReadOnlyList<ConversationReference>> ListSubscribersAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConversationReference>>(_subscribers.Values.ToList());

    public Task<PostedCard?> GetPostedCardAsync(int incidentNumber, string conversationId, CancellationToken ct) =>
        Task.FromResult(_cards.GetValueOrDefault((incidentNumber, conversationId)));

    public Task SetPostedCardAsync(int incidentNumber, string conversationId, PostedCard card, CancellationToken ct)
    {
        _cards[(incidentNumber, conversationId)] = card;
        return Task.CompletedTask;
    }
}
