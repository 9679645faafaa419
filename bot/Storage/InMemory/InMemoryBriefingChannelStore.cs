using System.Collections.Concurrent;
using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Storage.InMemory;

public sealed class InMemoryBriefingChannelStore : IBriefingChannelStore
{
    private readonly ConcurrentDictionary<string, ConversationReference> _channels = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(ConversationReference reference, CancellationToken ct)
    {
        var isNew = true;
        _channels.AddOrUpdate(reference.Conversation.Id, reference, (_, _) => { isNew = false; return reference; });
        return Task.FromResult(isNew);
    }

    public Task<bool> RemoveAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_channels.TryRemove(conversationId, out _));

    public Task<IReadOnlyList<ConversationReference>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConversationReference>>(_channels.Values.ToList());
}
