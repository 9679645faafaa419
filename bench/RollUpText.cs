using System.Globalization;
using System.Text.RegularExpressions;

namespace SupportBot.Bench;

/// <summary>What a briefing's visible text says: a major-event roll-up and how many incidents it counts, or one incident's number.</summary>
public static partial class RollUpText
{
    public static bool IsRollUp(string visible) => visible.Contains("Major event:", StringComparison.Ordinal);

    /// <summary>"Major event: 14 incidents" → 14; -1 when the text is no roll-up.</summary>
    public static int Incidents(string visible) => RollUpCount().Match(visible) is { Success: true } m ? Number(m.Groups[1].Value) : -1;

    /// <summary>"9 open, 5 resolved" → 9; 0 for "All 14 resolved".</summary>
    public static int Open(string visible) => OpenCount().Match(visible) is { Success: true } m ? Number(m.Groups[1].Value) : 0;

    /// <summary>The first incident number in the text ("INC-42").</summary>
    public static string? IncidentId(string visible) => IncidentNumber().Match(visible) is { Success: true } m ? m.Value : null;

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Major event: ([\d,]+) incident")]
    private static partial Regex RollUpCount();

    [GeneratedRegex(@"([\d,]+) open, [\d,]+ resolved")]
    private static partial Regex OpenCount();

    [GeneratedRegex(@"INC-\d+")]
    private static partial Regex IncidentNumber();
}
