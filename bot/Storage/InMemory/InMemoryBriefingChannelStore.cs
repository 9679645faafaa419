using System.Collections.Concurrent;
using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Storage.InMemory;

public sealed class InMemoryBriefingChannelStore : IBriefingChannelStore
{
    private readonly ConcurrentDictionary<string, ChannelSubscription> _channels = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(ConversationReference reference, ChannelFilter filter, CancellationToken ct)
    {
        var isNew = true;
        var subscription = new ChannelSubscription(reference, filter);
        _channels.AddOrUpdate(reference.Conversation.Id, subscription, (_, _) => { isNew = false; return subscription; });
        return Task.FromResult(isNew);
    }

    public Task<bool> RemoveAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_channels.TryRemove(conversationId, out _));

    public Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_channels.GetValueOrDefault(conversationId));

    public Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ChannelSubscription>>(_channels.Values.ToList());
}
