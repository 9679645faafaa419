namespace SupportBot.EarlyWarning.Forecasting;

public enum ForecastOutcome
{
    /// <summary>Too few points to say anything (a new signal, a long gap, just after a counter reset).</summary>
    InsufficientData,
    /// <summary>No crossing expected within the horizon.</summary>
    Clear,
    /// <summary>The trend reaches the threshold within the horizon.</summary>
    WillCross,
    /// <summary>The value is past the threshold now.</summary>
    Crossed,
}

/// <param name="Now">The latest value (what the card shows as "now").</param>
/// <param name="CrossingIn">When the trend reaches the threshold (WillCross only).</param>
/// <param name="SlopePerSecond">The trend used, in the signal's units per second (null when there is none).</param>
/// <param name="Why">A short reason, for logs and tests.</param>
public sealed record Forecast(ForecastOutcome Outcome, double? Now, TimeSpan? CrossingIn, double? SlopePerSecond, string Why)
{
    public static Forecast Insufficient(double? now, string why) => new(ForecastOutcome.InsufficientData, now, null, null, why);
}
