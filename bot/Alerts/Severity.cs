namespace SupportBot.Alerts;

/// <summary>The one severity scale every source maps onto, most severe first.</summary>
public enum Severity { Critical, Major, Minor, Info }

public static class SeverityNames
{
    private static readonly Dictionary<string, Severity> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = Severity.Critical, ["crit"] = Severity.Critical, ["page"] = Severity.Critical,
        ["disaster"] = Severity.Critical, ["fatal"] = Severity.Critical, ["emergency"] = Severity.Critical,
        ["p1"] = Severity.Critical, ["sev0"] = Severity.Critical, ["sev1"] = Severity.Critical,
        ["major"] = Severity.Major, ["high"] = Severity.Major, ["error"] = Severity.Major, ["p2"] = Severity.Major,
        ["sev2"] = Severity.Major,
        ["minor"] = Severity.Minor, ["warning"] = Severity.Minor, ["warn"] = Severity.Minor,
        ["average"] = Severity.Minor, ["medium"] = Severity.Minor, ["p3"] = Severity.Minor, ["sev3"] = Severity.Minor,
        ["info"] = Severity.Info, ["information"] = Severity.Info, ["low"] = Severity.Info, ["none"] = Severity.Info,
        ["p4"] = Severity.Info, ["p5"] = Severity.Info, ["sev4"] = Severity.Info, ["ok"] = Severity.Info,
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = Severity.Info;
        return text is not null && Aliases.TryGetValue(text.Trim(), out severity);
    }

    /// <summary>An unknown or missing severity is treated as major: better to over-alert support than to hide an outage.</summary>
    public static Severity ParseOrDefault(string? text, Severity fallback = Severity.Major) =>
        TryParse(text, out var severity) ? severity : fallback;

    public static string Name(this Severity severity) => severity.ToString().ToLowerInvariant();
}
