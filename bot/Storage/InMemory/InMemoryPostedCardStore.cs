using System.Collections.Concurrent;
using SupportBot.Outbox;

namespace SupportBot.Storage.InMemory;

public sealed class InMemoryPostedCardStore : IPostedCardStore
{
    private readonly ConcurrentDictionary<(string, string), PostedCard> _cards = new();

    public Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct) =>
        Task.FromResult(_cards.GetValueOrDefault((mergeKey, conversationId)));

    public Task<IReadOnlyDictionary<string, PostedCard>> ListAsync(string mergeKey, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, PostedCard>>(
            _cards.Where(e => e.Key.Item1 == mergeKey).ToDictionary(e => e.Key.Item2, e => e.Value, StringComparer.Ordinal));

    public Task RemoveAllAsync(string mergeKey, CancellationToken ct)
    {
        foreach (var key in _cards.Keys.Where(k => k.Item1 == mergeKey)) _cards.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<bool> TryReplaceAsync(string mergeKey, string conversationId, PostedCard? expected, PostedCard card, CancellationToken ct) =>
        Task.FromResult(expected is null
            ? _cards.TryAdd((mergeKey, conversationId), card)
            : _cards.TryUpdate((mergeKey, conversationId), card, expected));

    public Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct)
    {
        _cards[(mergeKey, conversationId)] = card;
        return Task.CompletedTask;
    }
}
