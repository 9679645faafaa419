using System.Globalization;

namespace SupportBot.EarlyWarning;

/// <summary>"14 min", "1 h 5 min", "40 s": how long before the incident support knew.</summary>
public static class LeadText
{
    public static string Of(TimeSpan lead)
    {
        if (lead < TimeSpan.Zero) lead = TimeSpan.Zero;
        if (lead.TotalMinutes < 1) return $"{(int)lead.TotalSeconds} s";
        if (lead.TotalHours < 1) return $"{(int)Math.Round(lead.TotalMinutes)} min";
        return lead.Minutes == 0 ? $"{(int)lead.TotalHours} h" : $"{(int)lead.TotalHours} h {lead.Minutes} min";
    }

    /// <summary>A signal's value the way people read it: up to four significant digits, no exponent for everyday sizes.</summary>
    public static string Value(double? value) => value switch
    {
        null => "no data",
        { } v when !double.IsFinite(v) => v.ToString(CultureInfo.InvariantCulture),
        { } v when v != 0 && (Math.Abs(v) >= 1e7 || Math.Abs(v) < 1e-4) => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        { } v => Math.Round(v, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Max(Math.Abs(v), 1e-4))))).ToString("0.####", CultureInfo.InvariantCulture),
    };
}
