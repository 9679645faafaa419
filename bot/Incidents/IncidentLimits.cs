using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// What one incident may cost, however many alerts its group sends: every firing alert is kept, but only the most
/// recent <see cref="ResolvedAlertsKept"/> resolved ones (the rest are counted in
/// <see cref="Incident.FoldedResolvedAlerts"/>), and repeated alert events fold into one ("Alert resolved ×1,204").
/// </summary>
public static class IncidentLimits
{
    public const int ResolvedAlertsKept = 200;

    /// <summary>Alert events kept one by one; after these, a repeat of a recent event's kind folds into it.</summary>
    public const int AlertEventsKept = 50;

    /// <summary>More events of one kind than this in one webhook become one folded event.</summary>
    public const int SameKindPerBatch = 3;

    /// <summary>How far back a repeated alert event looks for one of its kind to fold into.</summary>
    private const int FoldReach = 4;

    /// <summary>Drops the resolved alerts that ended longest ago beyond <see cref="ResolvedAlertsKept"/>; returns how many were dropped.</summary>
    public static (IReadOnlyList<TrackedAlert> Alerts, int Folded) CapResolved(IReadOnlyList<TrackedAlert> alerts)
    {
        var (kept, dropped) = CapResolved(alerts, alerts.Count(a => a.Status == AlertStatus.Resolved));
        return (kept, dropped?.Count ?? 0);
    }

    /// <summary>The same, for a caller that has counted the resolved alerts; also says which fingerprints were dropped (null: none).</summary>
    public static (IReadOnlyList<TrackedAlert> Alerts, HashSet<string>? Dropped) CapResolved(IReadOnlyList<TrackedAlert> alerts, int resolved)
    {
        if (resolved <= ResolvedAlertsKept) return (alerts, null);
        var dropped = alerts.Where(a => a.Status == AlertStatus.Resolved).OrderBy(a => a.EndsAt ?? a.StartsAt)
            .Take(resolved - ResolvedAlertsKept).Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return (alerts.Where(a => !dropped.Contains(a.Fingerprint)).ToList(), dropped);
    }

    /// <summary>The timeline with <paramref name="events"/> added, alert events folded as described above.</summary>
    public static IReadOnlyList<IncidentEvent> Append(IReadOnlyList<IncidentEvent> timeline, IReadOnlyList<IncidentEvent> events)
    {
        if (events.Count == 0) return timeline;
        var result = new List<IncidentEvent>(timeline.Count + events.Count);
        result.AddRange(timeline);
        var alertEvents = timeline.Count(IsAlertEvent);
        foreach (var e in FoldBatch(events))
        {
            if (IsAlertEvent(e) && alertEvents >= AlertEventsKept && RecentOfKind(result, e.Kind) is { } at)
            {
                result[at] = Merge(result[at], e);
                continue;
            }
            result.Add(e);
            if (IsAlertEvent(e)) alertEvents++;
        }
        return result;
    }

    private static IEnumerable<IncidentEvent> FoldBatch(IReadOnlyList<IncidentEvent> events)
    {
        // Too few to hold more than SameKindPerBatch of a kind (most changes bring one event): nothing to fold.
        if (events.Count <= SameKindPerBatch) return events;
        return FoldMany(events);
    }

    private static IEnumerable<IncidentEvent> FoldMany(IReadOnlyList<IncidentEvent> events)
    {
        var many = events.Where(IsAlertEvent).GroupBy(e => e.Kind).Where(g => g.Count() > SameKindPerBatch)
            .ToDictionary(g => g.Key, g => g.Aggregate(Merge));
        foreach (var e in events)
        {
            if (!IsAlertEvent(e) || !many.TryGetValue(e.Kind, out var folded)) yield return e;
            else if (folded is not null)
            {
                yield return folded;
                many[e.Kind] = null!;
            }
        }
    }

    private static int? RecentOfKind(List<IncidentEvent> timeline, IncidentEventKind kind)
    {
        for (var i = timeline.Count - 1; i >= 0 && i >= timeline.Count - FoldReach; i--)
            if (timeline[i].Kind == kind && IsAlertEvent(timeline[i])) return i;
        return null;
    }

    private static bool IsAlertEvent(IncidentEvent e) =>
        e.Kind is IncidentEventKind.AlertFiring or IncidentEventKind.AlertResolved && e.Actor == IncidentEvent.Monitoring;

    private static IncidentEvent Merge(IncidentEvent earlier, IncidentEvent later)
    {
        var times = earlier.Repeats + later.Repeats;
        var label = later.Kind == IncidentEventKind.AlertResolved ? "Alert resolved" : "Alert firing";
        return new IncidentEvent(later.At, later.Kind, FormattableString.Invariant($"{label} ×{times:N0} (latest: {SummaryOf(later)})")) { Repeats = times };
    }

    private static string SummaryOf(IncidentEvent e)
    {
        var latest = e.Text.IndexOf("(latest: ", StringComparison.Ordinal);
        if (latest >= 0) return e.Text[(latest + 9)..^1];
        var colon = e.Text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? e.Text : e.Text[(colon + 2)..];
    }
}
