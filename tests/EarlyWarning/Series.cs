using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Tests.EarlyWarning;

/// <summary>Series as a scrape would record them: one value every <c>step</c> seconds up to <c>now</c>.</summary>
internal static class Series
{
    public const double Now = 1_800_000_000;

    public static Point[] Make(Func<double, double> valueAtSecondsAgo, TimeSpan length, double step = 15, double now = Now)
    {
        var points = new List<Point>();
        for (var ago = length.TotalSeconds; ago >= 0; ago -= step)
            points.Add(new Point(now - ago, valueAtSecondsAgo(ago)));
        return [.. points];
    }

    /// <summary>Deterministic noise in [-1, 1].</summary>
    public static Func<double, double> Noise(int seed)
    {
        var random = new Random(seed);
        var cache = new Dictionary<double, double>();
        return t => cache.TryGetValue(t, out var v) ? v : cache[t] = random.NextDouble() * 2 - 1;
    }

    /// <summary>A recorded series: "unix_seconds,value" per line (value may be NaN), from tests/EarlyWarning/Recorded/.</summary>
    public static Point[] Recorded(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "EarlyWarning", "Recorded", name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(','))
            .Select(f => new Point(double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
}
