using Microsoft.Bot.Schema;
using SupportBot.Incidents;
using SupportBot.Storage;

namespace SupportBot.Notifications;

/// <summary>
/// Brings every subscribed channel's briefing card up to date with an incident: posts it once, then updates the
/// same activity in place. A channel that already shows this version (or a newer one) gets nothing.
/// </summary>
public sealed class BriefingPublisher(IChannelStore channels, IChannelMessenger messenger, ILogger<BriefingPublisher> log)
{
    public async Task PublishAsync(Incident incident, CancellationToken ct)
    {
        foreach (var conversation in await channels.ListSubscribersAsync(ct))
        {
            try
            {
                await PublishToAsync(conversation, incident, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One unreachable channel must not keep the briefing from the others.
                log.LogWarning(e, "Could not brief {Conversation} on {Incident}", conversation.Conversation.Id, incident.Id);
            }
        }
    }

    private async Task PublishToAsync(ConversationReference conversation, Incident incident, CancellationToken ct)
    {
        var conversationId = conversation.Conversation.Id;
        var posted = await channels.GetPostedCardAsync(incident.Number, conversationId, ct);
        if (posted is not null && posted.Version >= incident.Version) return;

        var card = IncidentCards.Briefing(incident);
        if (posted is null)
        {
            // A channel that never saw the incident open is not told about it after it is over.
            if (!incident.IsOpen) return;
            var activityId = await messenger.PostAsync(conversation, card, ct);
            await channels.SetPostedCardAsync(incident.Number, conversationId, new PostedCard(activityId, incident.Version), ct);
            log.LogInformation("Posted {Incident} to {Conversation} as {ActivityId}", incident.Id, conversationId, activityId);
        }
        else
        {
            await messenger.UpdateAsync(conversation, posted.ActivityId, card, ct);
            await channels.SetPostedCardAsync(incident.Number, conversationId, posted with { Version = incident.Version }, ct);
            log.LogInformation("Updated {Incident} in {Conversation}", incident.Id, conversationId);
        }
    }
}
