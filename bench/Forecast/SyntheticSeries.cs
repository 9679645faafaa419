using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Bench.Forecast;

/// <summary>
/// One labelled series: what a scrape recorded (<see cref="Observed"/>), the signal without noise (<see cref="Truth"/>,
/// which decides when the outage really began), and, for seasonal series, the same hours a week earlier.
/// </summary>
public sealed record LabelledSeries(string Kind, string Name, Point[] Observed, Func<double, double> Truth, Point[] WeekAgo, double End)
{
    public double Days => (Observed[^1].T - Observed[0].T) / 86_400;
}

/// <summary>
/// The labelled set: ramps of different slopes and noise, flat noise (white and wandering), spikes that recover, and
/// weekly-seasonal bumps (with last week's copy), with and without growth beyond the threshold. Deterministic per seed.
/// </summary>
public static class SyntheticSeries
{
    public const double Step = 15;        // a 15 s scrape interval
    public const double Baseline = 40;
    public const double Threshold = 80;

    public static IEnumerable<LabelledSeries> All(int seeds)
    {
        for (var seed = 1; seed <= seeds; seed++)
        {
            foreach (var slope in new[] { 0.25, 0.5, 1, 2, 4 })
                foreach (var noise in new[] { 1.0, 3, 6 })
                    yield return Ramp(slope, noise, seed);
            foreach (var noise in new[] { 2.0, 5, 10 })
                yield return WhiteNoise(noise, seed);
            yield return WanderingNoise(5, seed);
            yield return Spikes(seed);
            yield return Seasonal(peak: 70, seed);
            yield return Seasonal(peak: 100, seed);
        }
    }

    /// <summary>Flat for an hour, then rising <paramref name="perMinute"/> until 20 min past the threshold, then level.</summary>
    public static LabelledSeries Ramp(double perMinute, double noise, int seed)
    {
        var onset = 3600.0;
        var crossing = onset + (Threshold - Baseline) / perMinute * 60;
        var end = crossing + 1200;
        double Truth(double t) => Baseline + perMinute * Math.Clamp(t - onset, 0, end - onset) / 60;
        var random = new Random(seed * 1000 + (int)(perMinute * 100) + (int)noise);
        return new("ramp", $"ramp {perMinute}/min σ{noise}", Sample(0, end + 600, t => Truth(t) + Gaussian(random) * noise), Truth, [], end + 600);
    }

    public static LabelledSeries WhiteNoise(double noise, int seed)
    {
        var random = new Random(seed * 7 + (int)noise);
        return new("noise", $"noise σ{noise}", Sample(0, 86_400, _ => Baseline + Gaussian(random) * noise), _ => Baseline, [], 86_400);
    }

    /// <summary>AR(1) noise (ρ = 0.95 per scrape): the level wanders for minutes at a time, the hardest case for a trend.</summary>
    public static LabelledSeries WanderingNoise(double sigma, int seed)
    {
        var random = new Random(seed * 13);
        var state = 0.0;
        var innovation = sigma * Math.Sqrt(1 - 0.95 * 0.95);
        return new("noise", $"wandering σ{sigma}", Sample(0, 86_400, _ => Baseline + (state = 0.95 * state + innovation * Gaussian(random))), _ => Baseline, [], 86_400);
    }

    /// <summary>Every 2 h a spike to 95 that rises in 30 s and is gone within 1–3 min: no outage.</summary>
    public static LabelledSeries Spikes(int seed)
    {
        var random = new Random(seed * 17);
        var lengths = Enumerable.Range(0, 12).Select(_ => 60 + random.NextDouble() * 120).ToArray();
        double Truth(double t)
        {
            var slot = (int)(t / 7200);
            var into = t - slot * 7200 - 3600;
            if (slot >= lengths.Length || into < 0) return Baseline;
            var length = lengths[slot];
            if (into < 30) return Baseline + (95 - Baseline) * into / 30;
            return into < length ? 95 : into < length + 30 ? 95 - (95 - Baseline) * (into - length) / 30 : Baseline;
        }
        return new("spike", "spikes", Sample(0, 86_400, t => Truth(t) + Gaussian(random) * 3), Truth, [], 86_400);
    }

    /// <summary>
    /// A weekly bump (Monday morning): from 40 up to <paramref name="peak"/> within 40 min, held for 2 h. Last week it
    /// peaked at 70. Peak 70: the same as last week, no outage. Peak 100: growth beyond the threshold, an outage.
    /// </summary>
    public static LabelledSeries Seasonal(double peak, int seed)
    {
        static double Bump(double t, double top) => Baseline + (top - Baseline) * Math.Clamp((t - 3600) / 2400, 0, 1) * (t < 3600 + 2400 + 7200 ? 1 : 0);
        var random = new Random(seed * 31 + (int)peak);
        var observed = Sample(0, 5 * 3600, t => Bump(t, peak) + Gaussian(random) * 2);
        var weekAgo = Sample(0, 5 * 3600, t => Bump(t, 70) + Gaussian(random) * 2);
        return new("seasonal", $"seasonal peak {peak}", observed, t => Bump(t, peak), weekAgo, 5 * 3600);
    }

    private static Point[] Sample(double from, double to, Func<double, double> value)
    {
        var points = new List<Point>();
        for (var t = from; t <= to; t += Step) points.Add(new Point(t, value(t)));
        return [.. points];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
