using Microsoft.Bot.Schema;

namespace SupportBot.Storage;

/// <summary>The conversations that receive briefings, and the card each one was sent for each incident.</summary>
public interface IChannelStore
{
    /// <summary>Adds or refreshes a subscription; returns false if it already existed.</summary>
    Task<bool> SubscribeAsync(ConversationReference reference, CancellationToken ct);
    Task<bool> UnsubscribeAsync(string conversationId, CancellationToken ct);
    Task<IReadOnlyList<ConversationReference>> ListSubscribersAsync(CancellationToken ct);

    Task<PostedCard?> GetPostedCardAsync(int incidentNumber, string conversationId, CancellationToken ct);
    Task SetPostedCardAsync(int incidentNumber, string conversationId, PostedCard card, CancellationToken ct);
}

/// <summary>The activity that carries an incident's card in one conversation, and the incident version it shows.</summary>
public sealed record PostedCard(string ActivityId, int Version);
