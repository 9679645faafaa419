using Microsoft.Extensions.Options;
using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.EarlyWarning;

/// <summary>One evaluation of one signal: what Prometheus has over the lookback, the forecast from it, and the recent values for the card.</summary>
public sealed record SignalReading(Forecast Forecast, IReadOnlyList<Point> Recent);

/// <summary>Asks Prometheus for a signal's lookback (and, when the trend warns, the same hours a week earlier) and forecasts.</summary>
public sealed class SignalEvaluator(PrometheusClient prometheus, IOptions<EarlyWarningOptions> options)
{
    /// <summary>Points per lookback: enough for a robust fit, few enough to keep it cheap (the fit compares every pair).</summary>
    public const int PointsPerLookback = 120;

    public async Task<SignalReading> EvaluateAsync(SignalOptions signal, DateTimeOffset now, CancellationToken ct)
    {
        var step = Step(signal);
        var recent = (await prometheus.QueryRangeAsync(signal.Query, now - signal.Lookback, now, step, ct)).ToList();
        // The instant query gives the freshest value even when the range's last step lags behind.
        if (await prometheus.QueryAsync(signal.Query, now, ct) is { } latest)
            recent.Add(new Point(now.ToUnixTimeMilliseconds() / 1000.0, latest));
        var at = now.ToUnixTimeMilliseconds() / 1000.0;
        var forecast = Forecaster.Evaluate(recent, [], at, signal.Settings);

        if (forecast.Outcome == ForecastOutcome.WillCross && options.Value.CompareWithWeekAgo)
        {
            var then = now - Forecaster.Week;
            var weekAgo = await prometheus.QueryRangeAsync(signal.Query, then - signal.Lookback, then + signal.Horizon, step, ct);
            if (weekAgo.Length > 0)
            {
                var shifted = weekAgo.Select(p => p with { T = p.T + Forecaster.Week.TotalSeconds });
                forecast = Forecaster.Evaluate(recent, shifted, at, signal.Settings);
            }
        }
        return new SignalReading(forecast, SeriesCleaning.Clean(recent, at - signal.Lookback.TotalSeconds, at));
    }

    private static TimeSpan Step(SignalOptions signal) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Round(signal.Lookback.TotalSeconds / PointsPerLookback)));
}
