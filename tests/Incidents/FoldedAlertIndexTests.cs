using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.Tests.Incidents;

/// <summary>
/// A change hands its incident's next version the alert index it worked out (what changed over a shared base) and the
/// figures of its alerts instead of leaving them to be rebuilt: they must say exactly what the next version's alerts
/// say, or a later webhook's resend would count as news (or news as a resend), or the severity be wrong.
/// </summary>
public sealed class FoldedAlertIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static Alert Alert(int i, AlertStatus status, Severity severity = Severity.Major) => new()
    {
        Source = "test", Fingerprint = $"fp-{i}", Status = status, Severity = severity, Service = "checkout",
        Summary = $"Pod checkout-{i} crash looping", StartsAt = T0.AddSeconds(i),
        EndsAt = status == AlertStatus.Resolved ? T0.AddMinutes(10).AddSeconds(i) : null, GroupKey = "service:checkout",
    };

    [Fact]
    public void Every_change_leaves_an_index_and_firing_count_equal_to_ones_built_from_its_alerts()
    {
        var random = new Random(17);
        var incident = IncidentFolding.Open(1, "service:checkout", [Alert(0, AlertStatus.Firing)], T0);
        var changes = 0;
        for (var step = 1; step <= 400; step++)
        {
            // New alerts, known ones resolving, firing again or changing severity; past the resolved cap too.
            var batch = Enumerable.Range(0, random.Next(1, 12)).Select(_ =>
            {
                var i = random.Next(0, step * 3);
                var status = random.Next(3) == 0 ? AlertStatus.Resolved : AlertStatus.Firing;
                return Alert(i, status, random.Next(4) == 0 ? Severity.Critical : Severity.Major);
            }).DistinctBy(a => a.Fingerprint).ToList();   // one alert twice in a webhook: its last state counts, a resend would differ
            var next = IncidentFolding.Fold(incident, batch, T0.AddSeconds(step));
            if (next is null) continue;
            changes++;
            AssertIndexMatchesAlerts(next);
            // The very same webhook again changes nothing: the handed-over index knows what it brought.
            Assert.Null(IncidentFolding.Fold(next, batch, T0.AddSeconds(step)));
            incident = next;
        }

        Assert.True(changes > 100, $"only {changes} changes");
        Assert.True(incident.FoldedResolvedAlerts > 0, "the sequence never went past the resolved cap");
    }

    [Fact]
    public void Dropping_old_resolved_alerts_takes_them_out_of_the_index()
    {
        var incident = IncidentFolding.Open(1, "service:checkout", [Alert(0, AlertStatus.Firing)], T0);
        incident = IncidentFolding.Fold(incident, Enumerable.Range(1, 500).Select(i => Alert(i, AlertStatus.Firing)).ToList(), T0.AddMinutes(1))!;
        incident = IncidentFolding.Fold(incident, Enumerable.Range(1, 500).Select(i => Alert(i, AlertStatus.Resolved)).ToList(), T0.AddMinutes(2))!;

        AssertIndexMatchesAlerts(incident);
        Assert.Equal(1, incident.FiringCount);
        Assert.Equal(500 - IncidentLimits.ResolvedAlertsKept, incident.FoldedResolvedAlerts);
        Assert.False(incident.AlertsByFingerprint.ContainsKey("fp-1"));   // ended first: only counted now
        Assert.True(incident.AlertsByFingerprint.ContainsKey("fp-500"));
    }

    private static void AssertIndexMatchesAlerts(Incident incident)
    {
        // A copy with the same alerts builds its index from the list, as a version read back from a store does.
        var rebuilt = incident with { Alerts = incident.Alerts.ToList() };
        Assert.Equal(rebuilt.AlertsByFingerprint.OrderBy(p => p.Key, StringComparer.Ordinal),
            incident.AlertsByFingerprint.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(incident.Alerts.Count(a => a.Status == AlertStatus.Firing), incident.FiringCount);
        Assert.Equal(incident.Alerts.Count, incident.AlertsByFingerprint.Count);
        Assert.All(incident.Alerts, alert => Assert.Same(alert, incident.AlertsByFingerprint[alert.Fingerprint]));
        // The figures the next change starts from: counts, the most severe firing severity, the earliest firing start.
        Assert.Equal(AlertFigures.Of(incident.Alerts), incident.AlertsByFingerprint.Figures);
    }
}
