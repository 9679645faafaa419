using System.Text.RegularExpressions;

namespace SupportBot.Conversation;

/// <summary>Reads a chat message (mention already removed) as a command. Never throws.</summary>
public static partial class CommandParser
{
    private static readonly HashSet<string> StatusPhrases = new(StringComparer.Ordinal)
    {
        "status", "what's down", "whats down", "what is down", "what's broken", "whats broken", "any incidents",
        "incidents", "open incidents", "is anything down", "anything down", "outages", "current status",
    };

    public static ChatCommand Parse(string? text)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0 || normalized is "help" or "?" or "commands" or "hi" or "hello")
            return new ChatCommand.Help();
        if (StatusPhrases.Contains(normalized)) return new ChatCommand.Status();
        if (normalized == "subscribe here" || normalized == "subscribe") return new ChatCommand.SubscribeHere();
        if (normalized == "unsubscribe here" || normalized == "unsubscribe") return new ChatCommand.UnsubscribeHere();
        if (IncidentPattern().Match(normalized) is { Success: true } m && int.TryParse(m.Groups["n"].Value, out var number))
            return new ChatCommand.ShowIncident(number);
        return new ChatCommand.Unknown(text?.Trim() ?? "");
    }

    /// <summary>Lower case, single spaces, curly quotes straightened, trailing punctuation dropped.</summary>
    internal static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = MentionTag().Replace(text, " ").Trim().ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');
        s = Whitespace().Replace(s, " ");
        return s.TrimEnd('?', '!', '.', ' ').TrimStart('/');
    }

    // "incident 42", "inc-42", "INC 42", "#42", "42"
    [GeneratedRegex(@"^(?:(?:show\s+)?(?:incident|inc)\s*[-#]?\s*|#)?(?<n>\d{1,9})$")]
    private static partial Regex IncidentPattern();

    // Teams mentions that were not removed by the adapter (e.g. mentions of the bot by another name).
    [GeneratedRegex(@"<at>[^<]*</at>")]
    private static partial Regex MentionTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
