using System.Globalization;

namespace SupportBot.Incidents;

public static class IncidentNumber
{
    /// <summary>Accepts 42, INC-42, inc42 and #42.</summary>
    public static bool TryParse(string? text, out int number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.StartsWith('#')) s = s[1..];
        else if (s.StartsWith("INC", StringComparison.OrdinalIgnoreCase)) s = s[3..].TrimStart('-', ' ');
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }
}
