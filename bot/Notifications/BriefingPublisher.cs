using Microsoft.Bot.Schema;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Notifications;

/// <summary>
/// Turns each stored incident change into this version of its briefing card for every subscribed channel (an
/// Adaptive Card, or Block Kit in Slack), and queues it in the outbox before the webhook is answered, so an
/// acknowledged alert is never lost to a crash. The outbox posts the card once per channel and updates that same
/// activity afterwards. What people did (updates, resolves, reminders) is queued as replies in the card's thread.
/// </summary>
public sealed class BriefingPublisher(IChannelStore channels, ChannelOutbox outbox) : IIncidentChangeSink
{
    public async ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        var incident = change.Current;
        var subscribers = await channels.ListSubscribersAsync(ct);
        await BriefAsync(incident, subscribers, ct);
        var thread = ThreadMessages.InThread(change);
        if (thread.Count == 0) return;
        foreach (var conversation in subscribers)
        {
            // A channel that never saw the incident open gets no card, and so no thread either.
            if (!incident.IsOpen && await channels.GetPostedCardAsync(incident.Number, conversation.Conversation.Id, ct) is null) continue;
            for (var i = 0; i < thread.Count; i++)
                await outbox.ReplyAsync(conversation, incident.Number, $"v{incident.Version}-{i}",
                    ThreadMessages.For(incident, thread[i], conversation.ChannelId), ct);
        }
    }

    /// <summary>Queues the incident's current card for every subscriber; a version already queued for a channel is not queued again.</summary>
    public async Task PublishAsync(Incident incident, CancellationToken ct) =>
        await BriefAsync(incident, await channels.ListSubscribersAsync(ct), ct);

    // Each conversation gets its own activity: sending fills in the conversation, so one must not be shared.
    private async Task BriefAsync(Incident incident, IReadOnlyList<ConversationReference> subscribers, CancellationToken ct)
    {
        foreach (var conversation in subscribers)
            await outbox.BriefAsync(conversation, incident, IncidentCards.Briefing(incident, conversation.ChannelId), ct);
    }
}
