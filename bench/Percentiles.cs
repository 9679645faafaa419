namespace SupportBot.Bench;

public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static (double P50, double P95, double P99) Summary(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return (Of(sorted, 50), Of(sorted, 95), Of(sorted, 99));
    }
}
