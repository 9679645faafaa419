namespace SupportBot.EarlyWarning.Forecasting;

/// <summary>One sample of a signal: <see cref="T"/> in Unix seconds (Prometheus's own unit), its value.</summary>
public readonly record struct Point(double T, double V);

/// <summary>Which side of the threshold is the outage.</summary>
public enum Direction { Above, Below }

/// <summary>What one signal is compared with and how far ahead it looks.</summary>
public sealed record ForecastSettings(double Threshold, Direction Direction, TimeSpan Horizon, TimeSpan Lookback)
{
    /// <summary>Minimum trend strength: slope over its standard error. 4 keeps flat noise below one false warning a day.</summary>
    public double MinTrendScore { get; init; } = 4.0;
}
