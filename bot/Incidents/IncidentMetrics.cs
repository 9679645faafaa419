using SupportBot.Alerts;
using SupportBot.Telemetry;

namespace SupportBot.Incidents;

/// <summary>
/// Incident lifecycle for /metrics: each stored change counts its alert state changes and whether it opened, resolved
/// or reopened an incident.
/// </summary>
public sealed class IncidentMetrics(SupportBotMetrics metrics) : IIncidentChangeSink
{
    public ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        // An incident opens with its first firing alerts; later changes record each alert state change as an event.
        if (change.Opened) metrics.AlertsReceived.WithLabels("firing").Inc(change.Current.FiringCount);
        foreach (var e in change.NewEvents)
        {
            if (e.Kind == IncidentEventKind.AlertFiring) metrics.AlertsReceived.WithLabels("firing").Inc();
            else if (e.Kind == IncidentEventKind.AlertResolved) metrics.AlertsReceived.WithLabels("resolved").Inc();
        }
        if (change.Opened) metrics.IncidentEvents.WithLabels("opened").Inc();
        else if (change.Resolved) metrics.IncidentEvents.WithLabels("resolved").Inc();
        else if (change.Previous is { IsOpen: false } && change.Current.IsOpen) metrics.IncidentEvents.WithLabels("reopened").Inc();
        return ValueTask.CompletedTask;
    }

}

/// <summary>
/// The open incidents by severity, counted by the store at every scrape (the same on every instance): counted, not read,
/// so a scrape with thousands open does not hold up the answers (on Redis, one script read them all at every scrape).
/// </summary>
public sealed class OpenIncidentsGauge(IIncidentStore store) : IScrapeGauge
{
    public async Task UpdateAsync(SupportBotMetrics m, CancellationToken ct)
    {
        var bySeverity = await store.CountOpenBySeverityAsync(ct);
        foreach (var severity in Enum.GetValues<Severity>())
            m.OpenIncidents.WithLabels(severity.ToString().ToLowerInvariant()).Set(bySeverity[severity]);
    }
}
