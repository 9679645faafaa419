namespace SupportBot.Incidents;

/// <summary>How flapping is told and damped (Incidents:Flap* settings).</summary>
public sealed record FlapRules(int Changes, TimeSpan Window, TimeSpan UpdateInterval, TimeSpan QuietPeriod);

/// <summary>
/// Pure functions for alerts that fire and resolve again and again. Each time an incident turns from firing to all
/// resolved or back counts as a state change; <see cref="FlapRules.Changes"/> of them within the window make it
/// flapping. A flapping incident stays open and one incident whatever its alerts do, says so on its card, and its
/// cards are updated at most once per <see cref="FlapRules.UpdateInterval"/>; after <see cref="FlapRules.QuietPeriod"/>
/// without a state change it stops flapping (and resolves if nothing fires).
/// </summary>
public static class FlapDamping
{
    /// <summary>
    /// The next version once alerts folded into <paramref name="before"/> (open, or resolved by monitoring within the
    /// flap window) made <paramref name="folded"/>.
    /// </summary>
    public static Incident Apply(Incident before, Incident folded, DateTimeOffset now, FlapRules rules)
    {
        var wasFiring = before.IsOpen && before.FiringCount > 0;
        var turned = wasFiring != folded.FiringCount > 0;
        var changes = Recent(before.StateChanges, now, rules.Window);
        if (turned) changes = [.. changes, now];

        if (before.Flapping is null && (!turned || changes.Count < rules.Changes))
        {
            var next = folded with { StateChanges = changes };
            return before.IsOpen || next.FiringCount == 0 ? next : ReopenedByMonitoring(before, next, now);
        }

        // Flapping: the incident stays open whatever the alerts do, so no resolve and no reopen per flap.
        var open = folded with
        {
            Status = before.IsOpen ? before.Status : IncidentStatus.Investigating,
            ResolvedAt = null,
            ResolvedBy = null,
            Timeline = before.IsOpen && !folded.IsOpen ? folded.Timeline.SkipLast(1).ToList() : folded.Timeline,
            StateChanges = changes,
        };
        if (before.Flapping is not { } flapping)
        {
            return open with
            {
                Flapping = new Flapping(now, changes.Count, rules.Window, now, open.Version),
                Timeline = [.. open.Timeline, new IncidentEvent(now, IncidentEventKind.Flapping,
                    $"Flapping: {Text(changes.Count, rules.Window)}; the card is updated at most every {DurationText.Format(rules.UpdateInterval)} until it calms down")],
            };
        }
        var shown = now - flapping.ShownAt >= rules.UpdateInterval;
        return open with
        {
            Flapping = shown
                ? flapping with { Changes = changes.Count, ShownAt = now, ShownVersion = open.Version, HeldVersion = null }
                : flapping with { Changes = changes.Count, HeldVersion = open.Version },
        };
    }

    /// <summary>
    /// What the passing of time does to a flapping incident: after the quiet period it stops flapping (resolving if
    /// nothing fires); otherwise a held-back card update is let through once the update interval is over. Null: nothing.
    /// </summary>
    public static Incident? Settle(Incident incident, DateTimeOffset now, FlapRules rules)
    {
        if (incident is not { IsOpen: true, Flapping: { } flapping }) return null;
        var lastChange = incident.StateChanges.Count > 0 ? incident.StateChanges[^1] : flapping.Since;
        if (now - lastChange >= rules.QuietPeriod)
        {
            var calm = incident with
            {
                Flapping = null,
                StateChanges = [],
                Version = incident.Version + 1,
                Timeline = [.. incident.Timeline, new IncidentEvent(now, IncidentEventKind.Flapping,
                    $"Stopped flapping: no state change for {DurationText.Format(now - lastChange)}")],
            };
            if (incident.FiringCount > 0) return calm;
            var resolvedAt = lastChange;
            return calm with
            {
                Status = IncidentStatus.Resolved,
                ResolvedAt = resolvedAt,
                Timeline = [.. calm.Timeline, new IncidentEvent(now, IncidentEventKind.Resolved,
                    $"All alerts resolved after {DurationText.Format(resolvedAt - incident.StartedAt)}")],
            };
        }
        if (flapping.HeldVersion != incident.Version || now - flapping.ShownAt < rules.UpdateInterval) return null;
        var version = incident.Version + 1;
        return incident with
        {
            Version = version,
            Flapping = flapping with
            {
                Changes = Recent(incident.StateChanges, now, rules.Window).Count,
                ShownAt = now,
                ShownVersion = version,
                HeldVersion = null,
            },
        };
    }

    /// <summary>"6 changes in 20 min": what the card and the timeline say.</summary>
    public static string Text(int changes, TimeSpan window) =>
        $"{changes} changes in {(window.TotalMinutes >= 1 ? $"{Math.Round(window.TotalMinutes):0} min" : DurationText.Format(window))}";

    /// <summary>Monitoring resolved it a moment ago and it fires again: the same problem, so the same incident, said in its thread.</summary>
    private static Incident ReopenedByMonitoring(Incident before, Incident folded, DateTimeOffset now) =>
        folded with
        {
            Status = IncidentStatus.Investigating,
            ResolvedAt = null,
            Timeline = [.. folded.Timeline, new IncidentEvent(now, IncidentEventKind.Reopened,
                $"Reopened: alerts firing again {DurationText.Format(now - (ResolvedSeenAt(before) ?? now))} after they resolved")],
        };

    /// <summary>When this bot saw monitoring resolve the incident (its own clock; the monitor's end time is only a fallback).</summary>
    public static DateTimeOffset? ResolvedSeenAt(Incident resolved) =>
        resolved.StateChanges.Count > 0 ? resolved.StateChanges[^1] : resolved.ResolvedAt;

    private static List<DateTimeOffset> Recent(IReadOnlyList<DateTimeOffset> changes, DateTimeOffset now, TimeSpan window) =>
        changes.Where(at => now - at < window).ToList();
}
