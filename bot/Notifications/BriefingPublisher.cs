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
    /// <summary>Updates the card everywhere, then posts what people did (updates, resolves, reminders) in each card's thread.</summary>
    public async Task PublishAsync(IncidentChange change, CancellationToken ct)
    {
        var incident = change.Current;
        var thread = ThreadMessages.InThread(change);
        foreach (var conversation in await channels.ListSubscribersAsync(ct))
        {
            try
            {
                await PublishToAsync(conversation, incident, ct);
                if (thread.Count == 0) continue;
                var posted = await channels.GetPostedCardAsync(incident.Number, conversation.Conversation.Id, ct);
                if (posted is null) continue;
                foreach (var e in thread)
                    await messenger.ReplyAsync(conversation, posted.ActivityId, ThreadMessages.For(incident, e, conversation.ChannelId), ct);
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

        var card = IncidentCards.Briefing(incident, conversation.ChannelId);
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
