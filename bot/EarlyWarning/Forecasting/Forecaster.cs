namespace SupportBot.EarlyWarning.Forecasting;

/// <summary>
/// Will the signal cross its threshold within the horizon? A robust linear trend (Theil–Sen) over the lookback and
/// over its most recent half and quarter (a ramp that started recently shows in the short window first), each only
/// counted when the slope stands out of the noise (<see cref="ForecastSettings.MinTrendScore"/> standard errors,
/// widened for noise that wanders) and the next longer window rises as clearly.
/// When the same time one week earlier is known, the forecast is also made from it (last week's path plus today's
/// difference and its trend): a ramp that happens every week and stayed below the threshold then does not warn.
/// </summary>
public static class Forecaster
{
    public const int MinPoints = 6;
    /// <summary>A window must be covered this much (first to last point) to be fitted.</summary>
    public const double MinCoverage = 0.6;
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <param name="recent">The signal over the lookback (any order; NaN, duplicates and gaps allowed).</param>
    /// <param name="weekAgo">The signal one week earlier, from lookback before to horizon after, already shifted forward by a week; empty when unknown.</param>
    /// <param name="now">Evaluation time, Unix seconds.</param>
    public static Forecast Evaluate(IEnumerable<Point> recent, IEnumerable<Point> weekAgo, double now, ForecastSettings settings)
    {
        var sign = settings.Direction == Direction.Above ? 1.0 : -1.0;
        var threshold = sign * settings.Threshold;
        var lookback = settings.Lookback.TotalSeconds;
        var horizon = settings.Horizon.TotalSeconds;

        var cleaned = SeriesCleaning.Clean(recent, now - lookback, now);
        if (cleaned.Length == 0) return Forecast.Insufficient(null, "no data in the lookback");
        var valueNow = cleaned[^1].V;
        var series = SeriesCleaning.SinceLastReset(Flip(cleaned, sign));

        if (series.Length >= 3 && MedianOfLast(series, 3) >= threshold)
            return new Forecast(ForecastOutcome.Crossed, valueNow, TimeSpan.Zero, null, "past the threshold now");
        if (series.Length < MinPoints) return Forecast.Insufficient(valueNow, $"{series.Length} points since the last reset or gap");

        double? crossing = null;
        double? slopeUsed = null;
        var fitted = false;
        LineFit? longer = null;
        foreach (var window in new[] { lookback, lookback / 2, lookback / 4 })
        {
            var points = Window(series, now - window, window);
            if (points is null) continue;
            fitted = true;
            var fit = TheilSen.Fit(points, now);
            // A shorter window only counts when the longer one rises too: noise that wanders up for a few minutes
            // looks like a ramp in the short window alone; a real ramp shows (less steeply) in the longer one as well.
            var confirmed = longer is not { } l || l.TrendScore >= settings.MinTrendScore;
            longer = fit;
            if (!confirmed || fit.Slope <= 0 || fit.TrendScore < settings.MinTrendScore) continue;
            var eta = (threshold - fit.Level) / fit.Slope;
            if (eta > horizon) continue;
            eta = Math.Max(eta, 0);
            if (crossing is null || eta < crossing) { crossing = eta; slopeUsed = fit.Slope; }
        }
        if (!fitted) return Forecast.Insufficient(valueNow, "the lookback is not covered well enough");
        if (crossing is null) return new Forecast(ForecastOutcome.Clear, valueNow, null, null, "no trend reaches the threshold within the horizon");

        var history = SeriesCleaning.Clean(weekAgo, now - lookback, now + horizon);
        var seasonal = SeasonalCrossing(series, Flip(history, sign), now, threshold, lookback, horizon, settings.MinTrendScore);
        if (seasonal is { } s)
        {
            if (double.IsPositiveInfinity(s))
                return new Forecast(ForecastOutcome.Clear, valueNow, null, sign * slopeUsed, "a week ago the same rise stayed below the threshold");
            crossing = Math.Max(crossing.Value, s);
        }
        return new Forecast(ForecastOutcome.WillCross, valueNow, TimeSpan.FromSeconds(crossing.Value), sign * slopeUsed, "trend reaches the threshold");
    }

    /// <summary>
    /// Seconds until last week's path, plus today's difference from it and that difference's trend, reaches the
    /// threshold; +∞ when it stays below over the horizon; null when last week is not known well enough.
    /// </summary>
    internal static double? SeasonalCrossing(Point[] series, Point[] history, double now, double threshold, double lookback, double horizon, double minScore)
    {
        if (history.Length < MinPoints) return null;
        var spacing = MedianSpacing(history);
        var ahead = history.Where(p => p.T >= now).ToArray();
        if (ahead.Length < 2 || ahead[^1].T - now < horizon * 0.5) return null;

        var differences = new List<Point>();
        foreach (var p in series)
            if (SeriesCleaning.Interpolate(history, p.T, spacing * 3) is { } then) differences.Add(new Point(p.T, p.V - then));
        var window = Window([.. differences], now - lookback, lookback);
        if (window is null) return null;
        var fit = TheilSen.Fit(window, now);
        var slope = fit.TrendScore >= minScore ? fit.Slope : 0;

        foreach (var p in ahead)
        {
            var h = p.T - now;
            if (h > horizon) break;
            if (p.V + fit.Level + slope * h >= threshold) return h;
        }
        return double.PositiveInfinity;
    }

    private static Point[]? Window(Point[] series, double from, double length)
    {
        var points = series.Where(p => p.T >= from).ToArray();
        if (points.Length < MinPoints || points[^1].T - points[0].T < length * MinCoverage) return null;
        return points;
    }

    private static Point[] Flip(Point[] points, double sign) => sign > 0 ? points : points.Select(p => p with { V = -p.V }).ToArray();

    private static double MedianOfLast(Point[] series, int count) =>
        TheilSen.Median(series[^count..].Select(p => p.V).ToArray());

    private static double MedianSpacing(Point[] points)
    {
        if (points.Length < 2) return 0;
        var gaps = new double[points.Length - 1];
        for (var i = 1; i < points.Length; i++) gaps[i - 1] = points[i].T - points[i - 1].T;
        return TheilSen.Median(gaps);
    }
}
