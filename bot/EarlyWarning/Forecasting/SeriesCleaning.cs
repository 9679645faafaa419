namespace SupportBot.EarlyWarning.Forecasting;

/// <summary>Turns what Prometheus returned into a series the fit can trust.</summary>
public static class SeriesCleaning
{
    /// <summary>
    /// Sorted by time, one point per timestamp, without NaN or infinities (a failed scrape or a division by zero in
    /// the query), limited to <c>[from, to]</c>. Gaps stay gaps: the fit works on real timestamps, so a missing
    /// scrape only means one point fewer.
    /// </summary>
    public static Point[] Clean(IEnumerable<Point> points, double from, double to)
    {
        var kept = points.Where(p => double.IsFinite(p.V) && double.IsFinite(p.T) && p.T >= from && p.T <= to)
            .OrderBy(p => p.T).ToList();
        var result = new List<Point>(kept.Count);
        foreach (var p in kept)
        {
            if (result.Count > 0 && result[^1].T == p.T) result[^1] = p; // a duplicate timestamp: the later answer wins
            else result.Add(p);
        }
        return [.. result];
    }

    /// <summary>
    /// The points since the last reset. A counter that restarts (a process restart) drops to near zero; a trend fit
    /// across the drop would read it as a steep fall. A reset is a fall to less than a tenth of the previous value
    /// from a series that had been rising or flat before it (counters never fall otherwise); the fit then only uses
    /// what came after. Gauges rarely fall that way, and when they do (a disk cleaned up) the same rule is right:
    /// the old trend no longer applies. A spike is no reset: it falls back to where it started, not below it.
    /// </summary>
    public static Point[] SinceLastReset(Point[] points)
    {
        for (var i = points.Length - 1; i > 0; i--)
        {
            var before = points[i - 1].V;
            var after = points[i].V;
            if (before > 0 && after >= 0 && after < before * 0.1 && RoseInto(points, i - 1) && after < 0.5 * LowBefore(points, i - 1))
                return points[i..];
        }
        return points;
    }

    /// <summary>A spike falls back to where it started; a reset falls below everything before it.</summary>
    private static double LowBefore(Point[] points, int index) =>
        points[Math.Max(0, index - 4)..(index + 1)].Min(p => p.V);

    private static bool RoseInto(Point[] points, int index)
    {
        // Counter-like: the few points before the drop never fell.
        var start = Math.Max(0, index - 4);
        for (var j = start; j < index; j++)
            if (points[j + 1].V < points[j].V) return false;
        return true;
    }

    /// <summary>The series' value at <paramref name="t"/>, linear between neighbours; null outside it or across a long gap.</summary>
    public static double? Interpolate(Point[] points, double t, double maxGap)
    {
        if (points.Length == 0 || t < points[0].T || t > points[^1].T) return null;
        var hi = Array.BinarySearch(points, new Point(t, 0), PointTimeComparer.Instance);
        if (hi >= 0) return points[hi].V;
        hi = ~hi;
        var a = points[hi - 1];
        var b = points[hi];
        if (b.T - a.T > maxGap) return null;
        return a.V + (b.V - a.V) * (t - a.T) / (b.T - a.T);
    }

    private sealed class PointTimeComparer : IComparer<Point>
    {
        public static readonly PointTimeComparer Instance = new();
        public int Compare(Point x, Point y) => x.T.CompareTo(y.T);
    }
}
