namespace SupportBot.Outbox;

/// <summary>The activity that carries each card in each conversation, and the version it shows: what makes a card update in place.</summary>
public interface IPostedCardStore
{
    Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct);

    Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct);
}

/// <summary>The activity that carries a card in one conversation, and the card version it shows.</summary>
public sealed record PostedCard(string ActivityId, int Version);
