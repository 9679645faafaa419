using SupportBot.Alerts;

namespace SupportBot.Channels;

/// <summary>
/// Reads a filter from chat words or a setting: "all", or "service a,b" and/or "severity major" (in either order).
/// Names are single words, separated by commas with or without spaces ("checkout-api, orders-api").
/// </summary>
public static class ChannelFilterText
{
    public const int MaxServices = 50;
    public const int MaxServiceLength = 120;

    public sealed record Result(ChannelFilter? Filter, string? Problem);

    public static Result Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0 || words is [var only] && Is(only, "all")) return new(ChannelFilter.All, null);

        List<string>? services = null;
        Severity? severity = null;
        for (var i = 0; i < words.Count;)
        {
            var word = words[i];
            if (Is(word, "service") || Is(word, "services"))
            {
                if (services is not null) return Problem("Say **service** once, with the names separated by commas.");
                var names = new List<string>();
                for (i++; i < words.Count && !Is(words[i], "severity"); i++) names.Add(words[i]);
                services = string.Join(' ', names).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                if (services.Count == 0) return Problem("Name at least one service after **service**, e.g. **service checkout-api,orders-api**.");
                if (services.Count > MaxServices) return Problem($"That is more than {MaxServices} services; follow every service (**all**) or fewer.");
                if (services.FirstOrDefault(s => s.Any(char.IsWhiteSpace)) is { } spaced)
                    return Problem($"\"{AsTyped(spaced)}\" is not one service name: separate services with commas, and say **severity** before a severity.");
                if (services.FirstOrDefault(s => s.Length > MaxServiceLength || s.Any(char.IsControl)) is { } odd)
                    return Problem($"\"{AsTyped(odd)}\" is not a service name.");
            }
            else if (Is(word, "severity"))
            {
                if (severity is not null) return Problem("Say **severity** once.");
                if (i + 1 >= words.Count) return Problem("Say which severity after **severity**: critical, major, minor or info.");
                if (!SeverityNames.TryParse(words[i + 1], out var s))
                    return Problem($"\"{AsTyped(words[i + 1])}\" is not a severity; use critical, major, minor or info.");
                severity = s;
                i += 2;
            }
            else return Problem($"I don't understand \"{AsTyped(word)}\" there.");
        }
        return new(new ChannelFilter { Services = services?.Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [], MinSeverity = severity }, null);
    }

    /// <summary>What someone typed, shown back with only the characters names and severities have (no markup, no mention).</summary>
    public static string AsTyped(string typed)
    {
        var kept = new string(typed.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or ' ').Take(60).ToArray()).Trim();
        return kept.Length > 0 ? kept : "?";
    }

    private static Result Problem(string problem) => new(null, problem);

    private static bool Is(string word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
