using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Bench.Forecast;

/// <summary>What one detector (the forecaster, or a plain threshold alert) did on one series.</summary>
public sealed record Detection(LabelledSeries Series, double? Outage, List<double> Alarms)
{
    /// <summary>The first alarm at most an hour before the outage and no later than it, else null (missed).</summary>
    public double? Lead => Outage is { } o && Alarms.Where(a => a <= o && a >= o - 3600).ToList() is { Count: > 0 } early ? o - early.Min() : null;

    /// <summary>Alarms raised neither shortly before the outage nor during it.</summary>
    public int FalseAlarms(double slack) => Alarms.Count(a => Outage is not { } o || a < o - slack || a > o + 1800);

    public int TrueAlarms(double slack) => Alarms.Count - FalseAlarms(slack);
}

/// <summary>
/// Runs the forecaster over a labelled series the way the bot does (every 30 s over the lookback; For = 2) and a plain
/// threshold alert (value past the threshold for 2 evaluations in a row, like Prometheus's <c>for:</c>) over the same
/// samples, and scores both against when the outage really began (the noise-free signal past the threshold for 5 min).
/// </summary>
public static class ForecastEvaluation
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    public static readonly ForecastSettings Settings = new(SyntheticSeries.Threshold, Direction.Above, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
    public const int For = 2;

    public static double? OutageStart(LabelledSeries series)
    {
        for (var t = 0.0; t <= series.End; t += SyntheticSeries.Step)
        {
            if (series.Truth(t) < SyntheticSeries.Threshold) continue;
            var held = true;
            for (var u = t; u <= t + 300 && held; u += SyntheticSeries.Step) held = series.Truth(u) >= SyntheticSeries.Threshold;
            if (held) return t;
        }
        return null;
    }

    public static Detection Forecaster(LabelledSeries series, bool useWeekAgo)
    {
        var alarms = new List<double>();
        var state = WarningState.Initial;
        var lookback = Settings.Lookback.TotalSeconds;
        var horizon = Settings.Horizon.TotalSeconds;
        for (var now = lookback; now <= series.End; now += Interval.TotalSeconds)
        {
            var recent = Slice(series.Observed, now - lookback, now);
            var weekAgo = useWeekAgo ? Slice(series.WeekAgo, now - lookback, now + horizon) : [];
            var forecast = SupportBot.EarlyWarning.Forecasting.Forecaster.Evaluate(recent, weekAgo, now, Settings);
            (state, var transition) = WarningStateMachine.Step(state, forecast, For, now);
            if (transition == WarningTransition.Raised) alarms.Add(now);
        }
        return new Detection(series, OutageStart(series), alarms);
    }

    public static Detection PlainThreshold(LabelledSeries series)
    {
        var alarms = new List<double>();
        var streak = 0;
        var firing = false;
        for (var now = Settings.Lookback.TotalSeconds; now <= series.End; now += Interval.TotalSeconds)
        {
            var latest = Slice(series.Observed, now - SyntheticSeries.Step, now);
            var past = latest.Length > 0 && latest[^1].V >= SyntheticSeries.Threshold;
            streak = past ? streak + 1 : 0;
            if (streak >= For && !firing) alarms.Add(now);
            firing = streak >= For || (firing && past);
        }
        return new Detection(series, OutageStart(series), alarms);
    }

    private static Point[] Slice(Point[] points, double from, double to)
    {
        var start = LowerBound(points, from);
        var end = LowerBound(points, to + 1e-9);
        return points[start..end];
    }

    private static int LowerBound(Point[] points, double t)
    {
        int lo = 0, hi = points.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (points[mid].T < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
