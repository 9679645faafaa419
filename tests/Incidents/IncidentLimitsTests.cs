using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Presentation;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Incidents;

/// <summary>One incident's cost is capped however many alerts its group sends, and its card says what was folded.</summary>
public sealed class IncidentLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static Alert Alert(int i, AlertStatus status) => new()
    {
        Source = "test", Fingerprint = $"fp-{i}", Status = status, Severity = Severity.Major, Service = "checkout",
        Summary = $"Pod checkout-{i} crash looping", StartsAt = T0,
        EndsAt = status == AlertStatus.Resolved ? T0.AddMinutes(10).AddSeconds(i) : null, GroupKey = "service:checkout",
    };

    private static List<Alert> Alerts(int from, int to, AlertStatus status) =>
        Enumerable.Range(from, to - from + 1).Select(i => Alert(i, status)).ToList();

    [Fact]
    public void Thousands_of_alerts_keep_every_firing_one_but_only_counts_of_old_resolved_ones_and_fold_their_events()
    {
        var incident = IncidentFolding.Open(1, "service:checkout", [Alert(0, AlertStatus.Firing)], T0);
        incident = IncidentFolding.Fold(incident, Alerts(1, 3000, AlertStatus.Firing), T0.AddMinutes(1))!;
        Assert.Equal(3001, incident.FiringCount);

        incident = IncidentFolding.Fold(incident, Alerts(1, 3000, AlertStatus.Resolved), T0.AddMinutes(2))!;

        Assert.Equal(1, incident.FiringCount);
        Assert.Equal(IncidentLimits.ResolvedAlertsKept, incident.Alerts.Count(a => a.Status == AlertStatus.Resolved));
        Assert.Equal(3001, incident.AlertCount);
        Assert.Equal(3000 - IncidentLimits.ResolvedAlertsKept, incident.FoldedResolvedAlerts);
        Assert.True(incident.Timeline.Count <= 4, string.Join("\n", incident.Timeline.Select(e => e.Text)));
        Assert.Contains(incident.Timeline, e => e.Text.StartsWith("Alert resolved ×3,000", StringComparison.Ordinal));
        Assert.Contains(incident.Timeline, e => e.Text.StartsWith("Alert firing ×3,000", StringComparison.Ordinal));

        // Alertmanager resends the resolved alerts: the ones only counted are not counted twice, nothing changes.
        Assert.Null(IncidentFolding.Fold(incident, Alerts(1, 3000, AlertStatus.Resolved), T0.AddMinutes(3)));

        var card = SupportBot.Cards.BriefingCard.Build(IncidentCards.ToModel(incident));
        Assert.Contains("1 firing of 3,001 (2,800 older resolved alerts kept only as a count)", card.Visible());
    }

    [Fact]
    public void An_incident_lists_each_link_once_by_address_and_by_title_whichever_alert_brings_it()
    {
        AlertLink runbook = new("Runbook", "https://runbooks.example/checkout"), dashboard = new("Dashboard", "https://grafana.example/d/1");
        var incident = IncidentFolding.Open(1, "service:checkout", [Alert(0, AlertStatus.Firing) with { Links = [runbook, dashboard] }], T0);
        Assert.Equal([runbook, dashboard], incident.Links);

        // Links it has already (the same address under another title, the same title elsewhere): the list it had.
        var same = IncidentFolding.Fold(incident, [Alert(1, AlertStatus.Firing) with { Links = [runbook with { Title = "RUNBOOK (old)" }, dashboard with { Url = "https://grafana.example/d/2" }] }], T0.AddMinutes(1))!;
        Assert.Same(incident.Links, same.Links);

        // A new one among known ones: added after them, once.
        AlertLink logs = new("Logs", "https://logs.example/q?svc=checkout");
        var more = IncidentFolding.Fold(same, [Alert(2, AlertStatus.Firing) with { Links = [runbook, logs, logs with { Title = "logs" }] }], T0.AddMinutes(2))!;
        Assert.Equal([runbook, dashboard, logs], more.Links);
        Assert.Equal([runbook, dashboard, logs], IncidentFolding.Fold(more, [Alert(3, AlertStatus.Firing)], T0.AddMinutes(3))!.Links);
    }

    [Fact]
    public void A_flapping_alert_sent_one_webhook_at_a_time_keeps_the_timeline_short()
    {
        var incident = IncidentFolding.Open(1, "service:checkout", [Alert(0, AlertStatus.Firing)], T0);
        for (var i = 1; i <= 2000; i++)
        {
            var status = i % 2 == 0 ? AlertStatus.Firing : AlertStatus.Resolved;
            incident = IncidentFolding.Fold(incident, [Alert(0, AlertStatus.Firing), Alert(1, status)], T0.AddSeconds(i)) ?? incident;
        }

        Assert.InRange(incident.Timeline.Count, 2, IncidentLimits.AlertEventsKept + 4);
        Assert.Equal(1999, incident.Timeline.Where(e => e.Kind is IncidentEventKind.AlertFiring or IncidentEventKind.AlertResolved).Sum(e => e.Repeats));
        Assert.True(incident.IsOpen);
    }
}
