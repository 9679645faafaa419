using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>
/// Someone used one of the bot's cards (pressed a button on it): the conversation, the card's merge key ("INC-42") and
/// the id of the activity that carries it. Lets the outbox recognise an older copy of a card that a crash posted
/// without recording it, and mark that copy superseded.
/// </summary>
public interface ICardSightings
{
    /// <summary>True when <paramref name="activityId"/> is an older copy of the card; it is then marked superseded.</summary>
    Task<bool> SeenAsync(ConversationReference conversation, string mergeKey, string activityId, CancellationToken ct);
}
