using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Notifications;

/// <summary>
/// Turns each stored incident change into this version of its briefing card for every subscribed channel, and
/// queues it in the outbox before the webhook is answered, so an acknowledged alert is never lost to a crash.
/// The outbox posts the card once per channel and updates that same activity afterwards.
/// </summary>
public sealed class BriefingPublisher(IChannelStore channels, ChannelOutbox outbox) : IIncidentChangeSink
{
    public async ValueTask PublishAsync(IncidentChange change, CancellationToken ct) => await PublishAsync(change.Current, ct);

    /// <summary>Queues the incident's current card for every subscriber; a version already queued for a channel is not queued again.</summary>
    public async Task PublishAsync(Incident incident, CancellationToken ct)
    {
        var card = IncidentCards.Briefing(incident);
        foreach (var conversation in await channels.ListSubscribersAsync(ct))
            await outbox.BriefAsync(conversation, incident, card, ct);
    }
}
