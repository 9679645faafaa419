using System.Globalization;
using System.Text.RegularExpressions;

namespace SupportBot.Questions;

/// <summary>
/// Turns a rep's plain words into a <see cref="Question"/>. Tolerant of case, punctuation and one-letter typos in the
/// words that carry the intent ("stauts", "lgos"); service names are left as typed for <see cref="ServiceDirectory"/>.
/// Commands other skills own (ack, assign, resolve, subscribe, …: their <see cref="Conversation.ICommandWords"/>) are never claimed.
/// </summary>
public static partial class QuestionParser
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    private static readonly string[] LogWords = ["logs", "log", "errors", "error", "exceptions"];
    private static readonly string[] ErrorWords = ["errors", "error", "exceptions"];
    private static readonly string[] FuzzyIntentWords = ["status", "incidents", "incident", "outage", "outages", "logs", "errors", "draft", "broken", "working"];

    private static readonly HashSet<string> StatusWords = new(StringComparer.Ordinal)
    {
        "status", "down", "up", "ok", "okay", "working", "broken", "healthy", "health", "fine", "running", "problem",
        "problems", "issue", "issues", "incidents", "incident", "outage", "outages", "wrong", "happening", "happened",
        "degraded", "slow", "alive", "state", "failing", "dead", "available", "unavailable", "doing", "going",
    };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "the", "a", "an", "of", "for", "in", "on", "to", "with", "what", "whats", "how", "hows",
        "there", "any", "anything", "something", "me", "show", "tell", "about", "give", "get", "please", "pls",
        "currently", "right", "now", "today", "our", "my", "it", "its", "at", "all", "going", "doing", "check",
        "current", "and", "or", "bot", "supportbot", "recent", "latest", "from", "we", "do", "have", "has", "be",
        "reply", "replies", "customer", "customers", "message", "email", "post", "write", "can", "you", "i", "need",
        "see", "again", "still", "some",
    };

    /// <param name="normalized">The message as <see cref="Conversation.CommandText.Normalize"/> leaves it.</param>
    /// <param name="commandWords">First words of the other skills' commands: a message starting with one is not a question.</param>
    public static Question? Parse(string normalized, IReadOnlySet<string> commandWords)
    {
        var text = normalized.Replace("'", "").Replace('’', ' ');
        var tokens = Tokens().Matches(text).Select(m => m.Value.TrimEnd('.', ':', '-')).Where(t => t.Length > 0).ToList();
        if (tokens.Count == 0 || commandWords.Contains(tokens[0])) return null;
        tokens = tokens.Select(Correct).ToList();

        var incident = IncidentReference().Match(text) is { Success: true } r ? int.Parse(r.Groups["n"].Value, CultureInfo.InvariantCulture) : (int?)null;

        if (tokens.Contains("draft"))
            return new Question.Draft(incident ?? tokens.Select(ParseNumber).FirstOrDefault(n => n is not null));

        var logIndex = tokens.FindIndex(t => LogWords.Contains(t));
        if (logIndex >= 0)
        {
            var rest = tokens.Where((_, i) => i != logIndex).ToList();
            var window = ExtractWindow(rest);
            if (window is null) return null;
            var service = ServiceWords(rest, incident);
            return new Question.Logs(service, incident, window, ErrorWords.Contains(tokens[logIndex]));
        }

        if (incident is { } number) return new Question.Incident(number);

        if (tokens.Any(StatusWords.Contains))
        {
            var service = ServiceWords(tokens, null);
            return service is null ? new Question.Overview() : new Question.ServiceStatus(service);
        }

        // "checkout?" or "payments api": maybe a service; the skill checks before answering.
        var words = tokens.Where(t => !Filler.Contains(t)).ToList();
        return words.Count is >= 1 and <= 2 && tokens.Count <= 4 && words.All(w => w.Any(char.IsLetter))
            ? new Question.MaybeService(string.Join(' ', words))
            : null;
    }

    private static string Correct(string token)
    {
        if (token.Length < 4 || FuzzyIntentWords.Contains(token) || LogWords.Contains(token)) return token;
        return FuzzyIntentWords.FirstOrDefault(w => EditDistance.Between(token, w) == 1) ?? token;
    }

    private static string? ServiceWords(List<string> tokens, int? incident)
    {
        var words = tokens.Where(t => !Filler.Contains(t) && !StatusWords.Contains(t) && !LogWords.Contains(t))
            .Where(t => !(incident is not null && (t.StartsWith('#') || t.StartsWith("inc", StringComparison.Ordinal) || t.All(char.IsAsciiDigit))))
            .ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    /// <summary>Finds and removes a time range ("last 30m", "30 minutes", "past hour", "since 10:00 utc"); null when one is malformed.</summary>
    private static LogWindow? ExtractWindow(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == "since" && i + 1 < tokens.Count && ParseTimeOfDay(tokens[i + 1]) is { } at)
            {
                var take = i + 2 < tokens.Count && tokens[i + 2] is "utc" or "z" or "gmt" ? 3 : 2;
                tokens.RemoveRange(i, take);
                return new LogWindow.Since(at);
            }
            var lead = tokens[i] is "last" or "past" or "previous" ? 1 : 0;
            if (i + lead >= tokens.Count) continue;
            if (ParseSpan(tokens[i + lead], i + lead + 1 < tokens.Count ? tokens[i + lead + 1] : null, lead == 1, out var span, out var used))
            {
                tokens.RemoveRange(i, lead + used);
                return new LogWindow.Last(span <= MaxWindow ? span : MaxWindow);
            }
        }
        tokens.RemoveAll(t => t is "last" or "past" or "since");
        return new LogWindow.Default();
    }

    private static bool ParseSpan(string token, string? next, bool afterLast, out TimeSpan span, out int used)
    {
        span = default;
        used = 1;
        if (SpanToken().Match(token) is { Success: true } m)
            return Unit(m.Groups["unit"].Value, int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), out span);
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && next is not null && Unit(next, n, out span))
        {
            used = 2;
            return true;
        }
        // "last hour", "past day"
        return afterLast && Unit(token, 1, out span);
    }

    private static bool Unit(string unit, int n, out TimeSpan span)
    {
        span = unit switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(n),
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(n),
            "d" or "day" or "days" => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return span > TimeSpan.Zero;
    }

    private static TimeOnly? ParseTimeOfDay(string token)
    {
        if (TimeOfDay().Match(token) is not { Success: true } m) return null;
        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups["pm"].Value == "pm" && hour < 12) hour += 12;
        if (m.Groups["pm"].Value == "am" && hour == 12) hour = 0;
        return hour is >= 0 and < 24 && minute is >= 0 and < 60 ? new TimeOnly(hour, minute) : null;
    }

    private static int? ParseNumber(string token) =>
        int.TryParse(token.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    [GeneratedRegex(@"[a-z0-9#][a-z0-9_.:#-]*")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"(?:\binc(?:ident)?\s*[-#]?\s*|#)(?<n>\d{1,9})\b")]
    private static partial Regex IncidentReference();

    [GeneratedRegex(@"^(?<n>\d{1,4})(?<unit>s|sec|secs|m|min|mins|h|hr|hrs|d|day|days)$")]
    private static partial Regex SpanToken();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?(?<pm>am|pm)?$")]
    private static partial Regex TimeOfDay();
}
