using Microsoft.Bot.Schema;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>The outbox asks this for a major-event roll-up's card as it is at send time (see <see cref="ILatestMessageSource"/>).</summary>
public sealed class LatestRollUp(MajorEvents majorEvents) : ILatestMessageSource
{
    public async Task<LatestMessage?> LatestAsync(string mergeKey, ConversationReference conversation, CancellationToken ct) =>
        MajorEvents.TryParse(mergeKey, out var id) && await majorEvents.LatestAsync(conversation, id, ct) is { } latest
            ? new LatestMessage(latest.Version, latest.Card)
            : null;
}
