using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>
/// The conversations that get outage briefings: every channel the bot was added to, or that said "subscribe here",
/// each with what it follows. (Not a person's digests: those are Digests' personal subscriptions. Not the routes an
/// admin configured: <see cref="BriefingAudience"/> adds those.)
/// </summary>
public interface IBriefingChannelStore
{
    /// <summary>Adds a briefing channel or replaces its reference and filter; returns false if it was one already.</summary>
    Task<bool> AddAsync(ConversationReference reference, ChannelFilter filter, CancellationToken ct);

    /// <summary>Adds a briefing channel that follows everything (or refreshes one, filter and all).</summary>
    Task<bool> AddAsync(ConversationReference reference, CancellationToken ct) => AddAsync(reference, ChannelFilter.All, ct);

    Task<bool> RemoveAsync(string conversationId, CancellationToken ct);

    Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct);

    Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct);
}

/// <summary>A conversation that asked for briefings in chat, and what it follows.</summary>
public sealed record ChannelSubscription(ConversationReference Reference, ChannelFilter Filter);
