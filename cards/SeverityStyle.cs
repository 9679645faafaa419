namespace SupportBot.Cards;

/// <summary>How a severity looks: Adaptive Card container style and colour, and an emoji for plain text.</summary>
public static class SeverityStyle
{
    public static string ContainerStyle(string severity, bool resolved) => resolved ? "good" : severity.ToLowerInvariant() switch
    {
        "critical" => "attention",
        "major" => "warning",
        "minor" => "accent",
        _ => "emphasis",
    };

    public static string TextColor(string severity, bool resolved) => resolved ? "good" : severity.ToLowerInvariant() switch
    {
        "critical" => "attention",
        "major" => "warning",
        "minor" => "accent",
        _ => "default",
    };

    public static string Emoji(string severity, bool resolved) => resolved ? "✅" : severity.ToLowerInvariant() switch
    {
        "critical" => "🔴",
        "major" => "🟠",
        "minor" => "🟡",
        _ => "🔵",
    };

    /// <summary>Hex colour for renderers that take one (Slack attachments, the status page).</summary>
    public static string Hex(string severity, bool resolved) => resolved ? "#2EB67D" : severity.ToLowerInvariant() switch
    {
        "critical" => "#D13438",
        "major" => "#F7630C",
        "minor" => "#FFB900",
        _ => "#0078D4",
    };
}
