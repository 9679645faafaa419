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

        // A storm's incident holds hundreds of alerts and changes with every new one: the change is worked out against
        // the index the incident already has, and the next list is the current one with what changed put in place.
        var known = current.AlertsByFingerprint;
        Dictionary<string, TrackedAlert>? replaced = null;
        List<TrackedAlert>? added = null;
        Dictionary<string, int>? addedAt = null;
        var events = new List<IncidentEvent>();

        foreach (var alert in alerts)
        {
            var next = ToTracked(alert);
            if (addedAt is not null && addedAt.TryGetValue(alert.Fingerprint, out var at))
            {
                // New to the incident earlier in this batch: later copies count as changes of that alert.
                if (!Differs(added![at], alert)) continue;
                added[at] = next;
                events.Add(ChangeEvent(next, alert, now));
            }
            else if ((replaced is not null && replaced.TryGetValue(alert.Fingerprint, out var seen)) || known.TryGetValue(alert.Fingerprint, out seen))
            {
                if (!Differs(seen, alert)) continue;
                (replaced ??= new(StringComparer.Ordinal))[alert.Fingerprint] = next;
                events.Add(ChangeEvent(next, alert, now));
            }
            else
            {
                if (IsForgotten(current, alert)) continue;
                (addedAt ??= new(StringComparer.Ordinal))[alert.Fingerprint] = (added ??= []).Count;
                added.Add(next);
                if (alert.Status == AlertStatus.Firing)
                    events.Add(new IncidentEvent(now, IncidentEventKind.AlertFiring, $"New alert: {alert.Summary}"));
            }
        }

        if (events.Count == 0 && added is null)
            return null;

        var merged = new List<TrackedAlert>(current.Alerts.Count + (added?.Count ?? 0));
        if (replaced is null) merged.AddRange(current.Alerts);
        else
            foreach (var alert in current.Alerts)
                merged.Add(replaced.TryGetValue(alert.Fingerprint, out var changed) ? changed : alert);
        if (added is not null) merged.AddRange(added);

        // The firing and resolved counts, the most severe firing severity and the earliest firing start: the current
        // figures with the new and changed alerts added, unless a changed alert was firing (then it is not known what
        // it leaves behind, and one pass over the list counts again). Dropping old resolved alerts changes none of them.
        var figures = known.Figures;
        if (replaced is not null && replaced.Keys.Any(fingerprint => known[fingerprint].Status == AlertStatus.Firing))
            figures = AlertFigures.Of(merged);
        else
        {
            if (replaced is not null) figures = figures with { Resolved = figures.Resolved - replaced.Count };
            foreach (var alert in (IEnumerable<TrackedAlert>?)replaced?.Values ?? []) figures = figures.With(alert);
            foreach (var alert in (IEnumerable<TrackedAlert>?)added ?? []) figures = figures.With(alert);
        }
        var (alertsNow, dropped) = IncidentLimits.CapResolved(merged, figures.Resolved);
        var folded = dropped?.Count ?? 0;
        figures = figures with { Resolved = figures.Resolved - folded };
        var firingCount = figures.Firing;
        var firingSeverity = figures.MostSevereFiring;
        var firingStart = figures.EarliestFiringStart;

        // The next version gets its index from this one (what changed over a shared base), so that the webhooks after
        // this change (many at once in a storm) neither rebuild nor copy a large incident's whole index.
        var index = known.With(((IEnumerable<TrackedAlert>?)replaced?.Values ?? []).Concat(added ?? []), (IEnumerable<string>?)dropped ?? [], figures);

        var severity = current.Severity;
        if (firingCount > 0 && firingSeverity < severity)
        {
            severity = firingSeverity;
            events.Add(new IncidentEvent(now, IncidentEventKind.SeverityChanged, $"Severity raised to {severity.Name()}"));
        }

        var status = current.Status;
        var resolvedAt = current.ResolvedAt;
        if (firingCount == 0 && current.IsOpen)
        {
            status = IncidentStatus.Resolved;
            resolvedAt = alertsNow.Max(a => a.EndsAt) ?? now;
            if (resolvedAt < current.StartedAt) resolvedAt = now;
            events.Add(new IncidentEvent(now, IncidentEventKind.Resolved,
                $"All alerts resolved after {DurationText.Format(resolvedAt.Value - current.StartedAt)}"));
        }

        return (current with
        {
            Alerts = alertsNow,
            FoldedResolvedAlerts = current.FoldedResolvedAlerts + folded,
            Severity = severity,
            Status = status,
            ResolvedAt = resolvedAt,
            StartedAt = firingCount > 0 ? Min(current.StartedAt, firingStart) : current.StartedAt,
            Links = MergeLinks(current.Links, alerts),
            Timeline = IncidentLimits.Append(current.Timeline, events),
            Version = current.Version + 1,
        }).WithAlertIndex(index);
    }

    private static IncidentEvent ChangeEvent(TrackedAlert next, Alert alert, DateTimeOffset now) =>
        next.Status == AlertStatus.Firing
            ? new IncidentEvent(now, IncidentEventKind.AlertFiring, $"Alert firing: {alert.Summary}")
            : new IncidentEvent(now, IncidentEventKind.AlertResolved, $"Alert resolved: {alert.Summary}");

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

    private static IReadOnlyList<AlertLink> MergeLinks(IReadOnlyList<AlertLink> existing, IReadOnlyList<Alert> alerts) =>
        // Most changes bring the links the incident has already (same URL, or a title it shows already): it keeps its list.
        alerts.All(a => a.Links.All(l => Shown(existing, l))) ? existing : existing.Concat(alerts.SelectMany(a => a.Links))
            .DistinctBy(l => l.Url, StringComparer.Ordinal)
            .DistinctBy(l => l.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static bool Shown(IReadOnlyList<AlertLink> links, AlertLink link)
    {
        foreach (var shown in links)
            if (string.Equals(shown.Url, link.Url, StringComparison.Ordinal) || string.Equals(shown.Title, link.Title, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
