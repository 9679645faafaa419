using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>Pure functions that fold a batch of alerts of one group into an incident.</summary>
public static class IncidentFolding
{
    public static Incident Open(int number, string groupKey, IReadOnlyList<Alert> alerts, DateTimeOffset now)
    {
        var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
        var lead = firing[0];
        var (tracked, folded) = IncidentLimits.CapResolved(Track(alerts));
        var opened = new IncidentEvent(now, IncidentEventKind.Opened,
            $"{lead.Summary} ({firing.Count} alert{(firing.Count == 1 ? "" : "s")} firing)");
        return new Incident
        {
            Number = number,
            GroupKey = groupKey,
            Title = lead.Summary,
            Description = firing.Select(a => a.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)),
            Service = lead.Service,
            Severity = firing.Min(a => a.Severity),
            Status = IncidentStatus.Investigating,
            StartedAt = firing.Min(a => a.StartsAt),
            Alerts = tracked,
            FoldedResolvedAlerts = folded,
            Links = MergeLinks([], alerts),
            Timeline = [opened],
        };
    }

    /// <summary>The next version of <paramref name="current"/>, or null when the alerts change nothing (a resend).</summary>
    public static Incident? Fold(Incident current, IReadOnlyList<Alert> alerts, DateTimeOffset now)
    {
        // Most webhooks are resends (Alertmanager repeats the whole group): answer those without copying the incident.
        if (!Changes(current, alerts)) return null;

        var tracked = current.Alerts.ToDictionary(a => a.Fingerprint);
        var order = current.Alerts.Select(a => a.Fingerprint).ToList();
        var events = new List<IncidentEvent>();

        foreach (var alert in alerts)
        {
            var next = ToTracked(alert);
            if (!tracked.TryGetValue(alert.Fingerprint, out var known))
            {
                if (IsForgotten(current, alert)) continue;
                order.Add(alert.Fingerprint);
                tracked[alert.Fingerprint] = next;
                if (alert.Status == AlertStatus.Firing)
                    events.Add(new IncidentEvent(now, IncidentEventKind.AlertFiring, $"New alert: {alert.Summary}"));
            }
            else if (Differs(known, alert))
            {
                tracked[alert.Fingerprint] = next;
                events.Add(next.Status == AlertStatus.Firing
                    ? new IncidentEvent(now, IncidentEventKind.AlertFiring, $"Alert firing: {alert.Summary}")
                    : new IncidentEvent(now, IncidentEventKind.AlertResolved, $"Alert resolved: {alert.Summary}"));
            }
        }

        if (events.Count == 0 && tracked.Count == current.Alerts.Count)
            return null;

        var (alertsNow, folded) = IncidentLimits.CapResolved(order.Select(f => tracked[f]).ToList());
        var firing = alertsNow.Where(a => a.Status == AlertStatus.Firing).ToList();
        var severity = current.Severity;
        if (firing.Count > 0 && firing.Min(a => a.Severity) < severity)
        {
            severity = firing.Min(a => a.Severity);
            events.Add(new IncidentEvent(now, IncidentEventKind.SeverityChanged, $"Severity raised to {severity.Name()}"));
        }

        var status = current.Status;
        var resolvedAt = current.ResolvedAt;
        if (firing.Count == 0 && current.IsOpen)
        {
            status = IncidentStatus.Resolved;
            resolvedAt = alertsNow.Max(a => a.EndsAt) ?? now;
            if (resolvedAt < current.StartedAt) resolvedAt = now;
            events.Add(new IncidentEvent(now, IncidentEventKind.Resolved,
                $"All alerts resolved after {DurationText.Format(resolvedAt.Value - current.StartedAt)}"));
        }

        return current with
        {
            Alerts = alertsNow,
            FoldedResolvedAlerts = current.FoldedResolvedAlerts + folded,
            Severity = severity,
            Status = status,
            ResolvedAt = resolvedAt,
            StartedAt = firing.Count > 0 ? Min(current.StartedAt, firing.Min(a => a.StartsAt)) : current.StartedAt,
            Links = MergeLinks(current.Links, alerts),
            Timeline = IncidentLimits.Append(current.Timeline, events),
            Version = current.Version + 1,
        };
    }

    /// <summary>Whether any alert is new to the incident or changed its status or severity.</summary>
    private static bool Changes(Incident current, IReadOnlyList<Alert> alerts)
    {
        var known = current.AlertsByFingerprint;
        foreach (var alert in alerts)
            if (known.TryGetValue(alert.Fingerprint, out var seen) ? Differs(seen, alert) : !IsForgotten(current, alert))
                return true;
        return false;
    }

    /// <summary>
    /// An unknown alert that arrives resolved, once the incident keeps only counts of older resolved alerts: most likely
    /// one of those (monitors resend resolved alerts for a while), so it changes nothing rather than being counted twice.
    /// </summary>
    private static bool IsForgotten(Incident current, Alert alert) => current.FoldedResolvedAlerts > 0 && alert.Status == AlertStatus.Resolved;

    /// <summary>What makes a known alert news: its status or its severity changed (other fields of a resend are ignored).</summary>
    private static bool Differs(TrackedAlert known, Alert alert) => known.Status != alert.Status || known.Severity != alert.Severity;

    private static List<TrackedAlert> Track(IEnumerable<Alert> alerts) =>
        alerts.GroupBy(a => a.Fingerprint).Select(g => ToTracked(g.Last())).ToList();

    private static TrackedAlert ToTracked(Alert a) =>
        new(a.Fingerprint, a.Status, a.Severity, a.Summary, a.StartsAt, a.Status == AlertStatus.Resolved ? a.EndsAt : null);

    private static List<AlertLink> MergeLinks(IReadOnlyList<AlertLink> existing, IEnumerable<Alert> alerts) =>
        existing.Concat(alerts.SelectMany(a => a.Links))
            .DistinctBy(l => l.Url, StringComparer.Ordinal)
            .DistinctBy(l => l.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
