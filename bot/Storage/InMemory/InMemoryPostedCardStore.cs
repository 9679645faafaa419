using System.Collections.Concurrent;
using SupportBot.Outbox;

namespace SupportBot.Storage.InMemory;

public sealed class InMemoryPostedCardStore : IPostedCardStore
{
    private readonly ConcurrentDictionary<(string, string), PostedCard> _cards = new();

    public Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct) =>
        Task.FromResult(_cards.GetValueOrDefault((mergeKey, conversationId)));

    public Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct)
    {
        _cards[(mergeKey, conversationId)] = card;
        return Task.CompletedTask;
    }
}
