namespace SupportBot.StatusPage;

/// <summary>
/// Share of a window a service was up, weighted the way Statuspage does: a major outage counts fully as downtime,
/// a partial outage for 30%, degraded performance not at all. Overlapping incidents count once, at the worst weight.
/// </summary>
public static class Uptime
{
    public static double Weight(Impact impact) => impact switch
    {
        Impact.Critical => 1.0,
        Impact.Major => 0.3,
        _ => 0.0,
    };

    public static double Of(IEnumerable<PublicIncident> incidents, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return 1.0;
        var spans = incidents
            .Select(i => (Start: Max(i.StartedAt, from), End: Min(i.ResolvedAt ?? to, to), Weight: Weight(i.Impact)))
            .Where(s => s.End > s.Start && s.Weight > 0)
            .ToList();
        if (spans.Count == 0) return 1.0;

        var points = spans.SelectMany(s => new[] { s.Start, s.End }).Distinct().Order().ToList();
        var down = 0.0;
        for (var k = 0; k + 1 < points.Count; k++)
        {
            var (a, b) = (points[k], points[k + 1]);
            var weight = spans.Where(s => s.Start <= a && s.End >= b).Select(s => s.Weight).DefaultIfEmpty(0).Max();
            down += weight * (b - a).TotalSeconds;
        }
        return Math.Clamp(1.0 - down / (to - from).TotalSeconds, 0.0, 1.0);
    }

    /// <summary>"100%" only when there was no downtime at all: rounds down, so 99.999% shows as "99.99%".</summary>
    public static string Format(double uptime) =>
        uptime >= 1.0 ? "100%" : (Math.Floor(uptime * 10000) / 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
