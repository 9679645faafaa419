using Microsoft.Bot.Schema;

namespace SupportBot.Outbox;

/// <summary>
/// Gives the outbox the newest version of a card at the moment it sends, so that under a storm the versions queued
/// behind it find their card up to date and cost no send against Teams' limits. Implemented by whoever queues cards.
/// </summary>
public interface ILatestMessageSource
{
    /// <summary>The card's latest version for this conversation, or null when the source does not know the key.</summary>
    Task<LatestMessage?> LatestAsync(string mergeKey, ConversationReference conversation, CancellationToken ct);
}

public sealed record LatestMessage(int Version, IMessageActivity Activity);
