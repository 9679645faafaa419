using Microsoft.Bot.Schema;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Presentation;

namespace SupportBot.Notifications;

/// <summary>The outbox asks this for an incident's card as it is at send time (see <see cref="ILatestMessageSource"/>).</summary>
public sealed class LatestBriefing(IIncidentStore incidents, IncidentPresenter presenter) : ILatestMessageSource
{
    public async Task<LatestMessage?> LatestAsync(string mergeKey, ConversationReference conversation, CancellationToken ct)
    {
        if (!BriefingKey.TryParse(mergeKey, out var number)) return null;
        var incident = await incidents.GetAsync(number, ct);
        return incident is null ? null : new LatestMessage(incident.Version, await presenter.BriefingAsync(incident, conversation.ChannelId, ct));
    }
}
