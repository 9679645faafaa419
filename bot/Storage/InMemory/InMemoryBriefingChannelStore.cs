using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Storage.InMemory;

/// <summary>
/// The briefing channels in the process. Every change of an incident lists them and they change rarely: the list is
/// made once after each change of the channels (under the lock the changes take, so it is never older than the last one).
/// </summary>
public sealed class InMemoryBriefingChannelStore : IBriefingChannelStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelSubscription> _channels = new(StringComparer.Ordinal);
    private IReadOnlyList<ChannelSubscription>? _list;

    public Task<bool> AddAsync(ConversationReference reference, ChannelFilter filter, CancellationToken ct)
    {
        lock (_gate)
        {
            var isNew = !_channels.ContainsKey(reference.Conversation.Id);
            _channels[reference.Conversation.Id] = new ChannelSubscription(reference, filter);
            _list = null;
            return Task.FromResult(isNew);
        }
    }

    public Task<bool> RemoveAsync(string conversationId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_channels.Remove(conversationId)) return Task.FromResult(false);
            _list = null;
            return Task.FromResult(true);
        }
    }

    public Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_channels.GetValueOrDefault(conversationId));
    }

    public Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _list) is { } list) return Task.FromResult(list);
        lock (_gate) return Task.FromResult(_list ??= _channels.Values.ToList().AsReadOnly());
    }
}
