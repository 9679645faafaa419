using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.Digests;

/// <summary>
/// The numbers of one digest period [From, To), computed from incident timelines. Definitions:
/// <list type="bullet">
/// <item>an incident is in the period when it was open at any time in it (started before To, not resolved before From);</item>
/// <item>opened / resolved: started / resolved within the period; still open: not resolved by To;</item>
/// <item>time to acknowledge (MTTA): start → first <see cref="IncidentEventKind.Acknowledged"/> event, over incidents
/// first acknowledged within the period (none acknowledged: no figure); time to resolve (MTTR): start → resolve, over
/// incidents resolved within the period; both as median and worst;</item>
/// <item>downtime of a service: the time within the period covered by its critical or major incidents (overlaps
/// counted once); minor and info incidents are not outages; availability = 1 − downtime / period length.</item>
/// </list>
/// </summary>
public sealed record DigestFigures
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required IReadOnlyList<Incident> Incidents { get; init; }
    public required int Opened { get; init; }
    public required int Resolved { get; init; }
    public required int StillOpen { get; init; }
    public required IReadOnlyList<ServiceFigures> Services { get; init; }
    public Spread? TimeToAcknowledge { get; init; }
    public Spread? TimeToResolve { get; init; }
    public required IReadOnlyList<LongIncident> Longest { get; init; }

    public bool Quiet => Incidents.Count == 0;
    public TimeSpan Length => To - From;

    public const int LongestShown = 3;

    public static DigestFigures Compute(IEnumerable<Incident> all, DateTimeOffset from, DateTimeOffset to)
    {
        var inPeriod = all.Where(i => i.StartedAt < to && (ResolvedAt(i) is not { } r || r >= from))
            .OrderBy(i => i.StartedAt).ThenBy(i => i.Number)
            .ToList();

        var acknowledged = inPeriod
            .Select(i => (Incident: i, At: FirstAcknowledgedAt(i)))
            .Where(x => x.At is { } at && at >= from && at < to)
            .Select(x => x.At!.Value - x.Incident.StartedAt)
            .ToList();
        var resolved = inPeriod.Where(i => ResolvedAt(i) is { } r && r >= from && r < to).ToList();

        return new DigestFigures
        {
            From = from,
            To = to,
            Incidents = inPeriod,
            Opened = inPeriod.Count(i => i.StartedAt >= from),
            Resolved = resolved.Count,
            StillOpen = inPeriod.Count(i => ResolvedAt(i) is not { } r || r >= to),
            Services = inPeriod.GroupBy(i => i.Service, StringComparer.OrdinalIgnoreCase)
                .Select(g => ServiceFigures.Of(g.Key, g.ToList(), from, to))
                .OrderByDescending(s => s.Downtime).ThenBy(s => s.Service, StringComparer.OrdinalIgnoreCase)
                .ToList(),
            TimeToAcknowledge = Spread.Of(acknowledged),
            TimeToResolve = Spread.Of(resolved.Select(i => ResolvedAt(i)!.Value - i.StartedAt).ToList()),
            Longest = inPeriod
                .Select(i => new LongIncident(i, (ResolvedAt(i) is { } r && r < to ? r : to) - i.StartedAt, ResolvedAt(i) is not { } e || e >= to))
                .OrderByDescending(l => l.Duration).ThenBy(l => l.Incident.Number)
                .Take(LongestShown)
                .ToList(),
        };
    }

    /// <summary>When the incident resolved: the resolved time it carries, else its Resolved event.</summary>
    public static DateTimeOffset? ResolvedAt(Incident i) =>
        i.ResolvedAt ?? i.Timeline.FirstOrDefault(e => e.Kind == IncidentEventKind.Resolved)?.At;

    public static DateTimeOffset? FirstAcknowledgedAt(Incident i) =>
        i.Timeline.Where(e => e.Kind == IncidentEventKind.Acknowledged).Select(e => (DateTimeOffset?)e.At).Min();
}

public sealed record ServiceFigures(string Service, IReadOnlyDictionary<Severity, int> BySeverity, TimeSpan Downtime, double AvailabilityPercent)
{
    public int Total => BySeverity.Values.Sum();

    public static ServiceFigures Of(string service, IReadOnlyList<Incident> incidents, DateTimeOffset from, DateTimeOffset to)
    {
        var bySeverity = incidents.GroupBy(i => i.Severity).ToDictionary(g => g.Key, g => g.Count());
        var outages = incidents
            .Where(i => i.Severity is Severity.Critical or Severity.Major)
            .Select(i => (Start: i.StartedAt < from ? from : i.StartedAt,
                          End: DigestFigures.ResolvedAt(i) is { } r && r < to ? r : to))
            .Where(x => x.End > x.Start)
            .OrderBy(x => x.Start);

        var downtime = TimeSpan.Zero;
        DateTimeOffset? runStart = null, runEnd = null;
        foreach (var (start, end) in outages)
        {
            if (runEnd is { } e && start <= e)
            {
                if (end > e) runEnd = end;
                continue;
            }
            if (runStart is { } s) downtime += runEnd!.Value - s;
            (runStart, runEnd) = (start, end);
        }
        if (runStart is { } last) downtime += runEnd!.Value - last;

        var length = (to - from).TotalSeconds;
        var availability = length <= 0 ? 100 : 100 * (1 - downtime.TotalSeconds / length);
        return new ServiceFigures(service, bySeverity, downtime, availability);
    }
}

/// <summary>Median and worst of a set of durations.</summary>
public sealed record Spread(TimeSpan Median, TimeSpan Worst, int Count)
{
    public static Spread? Of(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : sorted[mid - 1] + (sorted[mid] - sorted[mid - 1]) / 2;
        return new Spread(median, sorted[^1], sorted.Count);
    }
}

/// <summary>An incident and how long it lasted (up to the period's end if still open then).</summary>
public sealed record LongIncident(Incident Incident, TimeSpan Duration, bool OpenAtEnd);
