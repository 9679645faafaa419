using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Presentation;

namespace SupportBot.Notifications;

/// <summary>
/// Turns each stored incident change into this version of its briefing card for every briefing channel (an
/// Adaptive Card, or Block Kit in Slack), and queues it in the outbox before the webhook is answered, so an
/// acknowledged alert is never lost to a crash. The outbox posts the card once per channel and updates that same
/// activity afterwards. What people did (updates, resolves, reminders) is queued as replies in the card's thread.
/// In a channel's storm the incident is on the channel's major-event roll-up instead (see <see cref="MajorEvents"/>).
/// </summary>
public sealed class BriefingPublisher(BriefingAudience audience, IPostedCardStore posted, ChannelOutbox outbox, IncidentPresenter presenter,
    MajorEvents majorEvents) : IIncidentChangeSink
{
    public async ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        var incident = change.Current;
        // Another flap of a flapping incident: its cards wait for the next update the flap interval allows.
        if (incident.CardHeldBack) return;
        var subscribers = await ReceiversAsync(incident, await audience.ListAsync(ct), ct);
        await BriefAsync(incident, subscribers, urgent: change.Opened || change.Resolved || change.Reopened, opened: change.Opened,
            rollUpShown: MajorEvents.Shown(change.Previous, incident), ct);
        var thread = ThreadMessages.InThread(change);
        if (thread.Count == 0) return;
        foreach (var conversation in subscribers)
        {
            // The thread is under the card that stands for the incident in the channel: its own, or its roll-up.
            var key = await majorEvents.CardKeyAsync(conversation.Conversation.Id, incident, ct);
            // A channel that never saw the incident open gets no card, and so no thread either.
            if (!incident.IsOpen && await posted.GetAsync(key, conversation.Conversation.Id, ct) is null or { ActivityId: null, MaybePosted: false }) continue;
            for (var i = 0; i < thread.Count; i++)
                await outbox.ReplyAsync(conversation, key, $"{incident.Id}-v{incident.Version}-{i}",
                    ThreadMessages.For(incident, thread[i], conversation.ChannelId), ct);
        }
    }

    /// <summary>
    /// Queues the incident's current card for these briefing channels; a version already queued for a channel is not
    /// queued again. An incident still at its first version is offered as opening: if its webhook's own publishing has
    /// not run yet (or died), the channel's storm still takes it onto the roll-up rather than giving it a card of its own too.
    /// </summary>
    public Task PublishAsync(Incident incident, IReadOnlyList<ConversationReference> to, CancellationToken ct) =>
        BriefAsync(incident, to, urgent: incident.Version == 1 || !incident.IsOpen, opened: incident.Version == 1, rollUpShown: true, ct);

    /// <summary>
    /// The channels that follow the incident's service at its severity, and those that already have its card: a channel
    /// that got the card keeps it up to date (and gets its thread) even when a lowered severity no longer matches its filter.
    /// </summary>
    private async Task<IReadOnlyList<ConversationReference>> ReceiversAsync(Incident incident, IReadOnlyList<BriefingChannel> channels, CancellationToken ct)
    {
        if (channels.All(c => c.FollowsEverything)) return channels.Select(c => c.Reference).ToList();
        var cards = await posted.ListAsync(BriefingKey.Of(incident.Number), ct);
        return channels.Where(c => BriefingRoute.Follows(c, incident) || BriefingRoute.HasCard(cards.GetValueOrDefault(c.Id)))
            .Select(c => c.Reference).ToList();
    }

    // Each conversation gets its own activity: sending fills in the conversation, so one must not be shared.
    // A new (or reopened) incident and a resolution are urgent: under pacing they go before other cards' updates.
    private async Task BriefAsync(Incident incident, IReadOnlyList<ConversationReference> subscribers, bool urgent, bool opened, bool rollUpShown, CancellationToken ct)
    {
        if (subscribers.Count == 0) return;
        // Rendered once for every channel that needs it: an own card, or the line a roll-up keeps of the incident.
        Task<BriefingModel>? model = null;
        Task<BriefingModel> Model() => model ??= presenter.ModelAsync(incident, ct);
        // A catch-up of a flapping incident whose latest flaps are held back offers the version its cards may show.
        var version = incident.CardHeldBack ? incident.Flapping!.ShownVersion : incident.Version;
        foreach (var conversation in subscribers)
        {
            if (await majorEvents.TakeAsync(conversation, incident, opened, rollUpShown, ct, Model)) continue;
            await outbox.CardAsync(conversation, BriefingKey.Of(incident.Number), version, onlyIfPosted: !incident.IsOpen,
                IncidentCards.Briefing(await Model(), incident, conversation.ChannelId), ct, urgent);
        }
    }
}
