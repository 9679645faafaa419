using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Digests;

/// <summary>Who gets a personal ping for an incident change, and what it says.</summary>
public static class ServiceAlerts
{
    /// <summary>
    /// The watchers to ping: when the incident opens matching their watch (or is raised to their severity while open),
    /// and when a matching incident resolves. One ping per conversation even if several watches match.
    /// </summary>
    public static IReadOnlyList<PersonalSubscription> Recipients(IncidentChange change, IEnumerable<PersonalSubscription> subscriptions) =>
        subscriptions
            .Where(s => s.Watch is { } w && w.Matches(change.Current) && (change.Resolved || Started(change, w)))
            .DistinctBy(s => s.Conversation.Conversation.Id, StringComparer.Ordinal)
            .ToList();

    public static IMessageActivity Ping(IncidentChange change)
    {
        var incident = change.Current;
        var activity = IncidentCards.Briefing(incident);
        activity.Text = change.Resolved
            ? $"✅ {incident.Id} on **{incident.Service}** is resolved."
            : $"🔔 {incident.Id} opened on **{incident.Service}** ({incident.Severity.Name()}): {incident.Title}";
        return activity;
    }

    private static bool Started(IncidentChange change, ServiceWatch watch) =>
        change.Current.IsOpen && (change.Previous is null || !watch.Matches(change.Previous));
}
