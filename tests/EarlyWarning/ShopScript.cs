using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EarlyWarning;

/// <summary>
/// The metrics both real-Prometheus tests scrape: a queue that ramps past <see cref="Threshold"/>, a flat noisy latency
/// and an error spike that recovers. Seconds count from the exporter's start; noise is seeded by the second.
/// </summary>
public static class ShopScript
{
    public const double RampStart = 40, RampPerSecond = 1.5, Threshold = 100;
    public const double RampCrossing = RampStart + (Threshold - 10) / RampPerSecond; // 100 s after the exporter started
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(40);

    public static Task<ScriptedExporter> StartExporterAsync() => ScriptedExporter.StartAsync(new Dictionary<string, Func<double, double>>
    {
        ["shop_queue_depth"] = t => 10 + RampPerSecond * Math.Max(0, t - RampStart) + Noise(t, 1),
        ["shop_latency_noise"] = t => 50 + Noise(t, 8),
        ["shop_errors_spike"] = t => (t is >= 50 and < 54 ? 150 : 20) + Noise(t, 1),
    });

    private static double Noise(double seconds, double size) => (new Random((int)seconds).NextDouble() * 2 - 1) * size;
}
