using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Presentation;

namespace SupportBot.Digests;

/// <summary>
/// Personal pings for service watchers: each incident change that opens, resolves or raises a watched incident is
/// queued in the outbox for every watcher, under the idempotency key ping:INC-{n}:v{version}, before the webhook is
/// answered, so pings are paced, retried and sent once like every other message.
/// </summary>
public sealed class ServiceAlerts(ISubscriptionStore subscriptions, ChannelOutbox outbox, IncidentPresenter presenter, ILogger<ServiceAlerts> log) : IIncidentChangeSink
{
    public async ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        if (!MayPing(change)) return;
        var recipients = Recipients(change, await subscriptions.ListAsync(ct));
        if (recipients.Count == 0) return;
        var model = await presenter.ModelAsync(change.Current, ct);
        foreach (var recipient in recipients)
        {
            if (await outbox.PostAsync(recipient.Conversation, $"ping:{change.Current.Id}:v{change.Current.Version}", Ping(change, model), ct))
                log.LogInformation("Queued a ping to {User} about {Incident}", recipient.UserId, change.Current.Id);
        }
    }

    /// <summary>
    /// The watchers to ping: when the incident opens matching their watch (or is raised to their severity while open),
    /// and when a matching incident resolves. One ping per conversation even if several watches match.
    /// </summary>
    public static IReadOnlyList<PersonalSubscription> Recipients(IncidentChange change, IEnumerable<PersonalSubscription> subscriptions) =>
        subscriptions
            .Where(s => s.Watch is { } w && w.Matches(change.Current) && (change.Resolved || Started(change, w)))
            .DistinctBy(s => s.Conversation.Conversation.Id, StringComparer.Ordinal)
            .ToList();

    public static IMessageActivity Ping(IncidentChange change) => Ping(change, IncidentCards.ToModel(change.Current));

    /// <summary>The ping with the incident's card made from <paramref name="model"/> (its texts already redacted).</summary>
    public static IMessageActivity Ping(IncidentChange change, Cards.BriefingModel model)
    {
        var incident = change.Current;
        var activity = IncidentCards.Briefing(model, incident, null);
        activity.Text = change.Resolved
            ? $"✅ {incident.Id} on **{incident.Service}** is resolved."
            : $"🔔 {incident.Id} opened on **{incident.Service}** ({incident.Severity.Name()}): {incident.Title}";
        return activity;
    }

    /// <summary>
    /// Only an opening, a resolve, or a change of severity or service can start or end a watch's match: the many
    /// other changes of a storm (alerts firing, updates) skip reading the subscriptions.
    /// </summary>
    private static bool MayPing(IncidentChange change) =>
        change.Previous is not { } previous || previous.IsOpen != change.Current.IsOpen
        || previous.Severity != change.Current.Severity || !string.Equals(previous.Service, change.Current.Service, StringComparison.Ordinal);

    private static bool Started(IncidentChange change, ServiceWatch watch) =>
        change.Current.IsOpen && (change.Previous is null || !watch.Matches(change.Previous));
}
