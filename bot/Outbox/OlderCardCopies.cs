using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// The visible half of the post-then-record gap: a card posted just before a crash, whose id was never recorded, is
/// posted again by the next attempt (see <see cref="PostedCard.UnconfirmedCopies"/>). When someone uses such an
/// older copy, it is replaced by a short note pointing to the newer card, so no card stays "open" for ever.
/// </summary>
public sealed class OlderCardCopies(IPostedCardStore posted, ChannelOutbox outbox, ILogger<OlderCardCopies> log) : ICardSightings
{
    public async Task<bool> SeenAsync(ConversationReference conversation, string mergeKey, string activityId, CancellationToken ct)
    {
        var conversationId = conversation.Conversation.Id;
        var card = await posted.GetAsync(mergeKey, conversationId, ct);
        // Only a card posted over an unrecorded attempt can have an older copy; any other card of ours is left alone.
        if (card is not { ActivityId: { } current, UnconfirmedCopies: > 0 } || current == activityId) return false;

        await outbox.ReplaceAsync(conversation, mergeKey, activityId, Superseded(mergeKey), ct);
        await posted.SetAsync(mergeKey, conversationId, card with { UnconfirmedCopies = card.UnconfirmedCopies - 1 }, ct);
        log.LogWarning("{Activity} in {Conversation} is an older copy of {Card} (posted before a crash); marking it superseded by {Current}",
            activityId, conversationId, mergeKey, current);
        return true;
    }

    public static string Note(string mergeKey) =>
        $"↪️ This copy of the {mergeKey} briefing is out of date: it was superseded by the newer {mergeKey} card in this channel, which is kept up to date.";

    public static IMessageActivity Superseded(string mergeKey) => MessageFactory.Text(Note(mergeKey));
}
