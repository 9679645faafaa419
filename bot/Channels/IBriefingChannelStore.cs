using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>
/// The conversations that get outage briefings: every channel the bot was added to, or that said "subscribe here".
/// (Not a person's digests: those are Digests' personal subscriptions.)
/// </summary>
public interface IBriefingChannelStore
{
    /// <summary>Adds or refreshes a briefing channel; returns false if it was one already.</summary>
    Task<bool> AddAsync(ConversationReference reference, CancellationToken ct);

    Task<bool> RemoveAsync(string conversationId, CancellationToken ct);

    Task<IReadOnlyList<ConversationReference>> ListAsync(CancellationToken ct);
}
