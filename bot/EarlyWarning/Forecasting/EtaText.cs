namespace SupportBot.EarlyWarning.Forecasting;

/// <summary>
/// "in about 12 min": coarse on purpose, so the card changes (and is updated in place) when the forecast really
/// moves, not on every evaluation.
/// </summary>
public static class EtaText
{
    public static string Of(TimeSpan? eta)
    {
        if (eta is not { } e) return "";
        var minutes = e.TotalMinutes;
        if (minutes < 1) return "in less than a minute";
        if (minutes < 10) return FormattableString.Invariant($"in about {Math.Round(minutes)} min");
        if (minutes < 60) return FormattableString.Invariant($"in about {Math.Round(minutes / 5) * 5} min");
        return FormattableString.Invariant($"in about {Math.Round(minutes / 60, 1)} h");
    }
}
