using System.Text.RegularExpressions;

namespace SupportBot.Logs;

public static partial class ErrorLines
{
    /// <summary>Lines a rep should see marked: error levels, exceptions, failures, HTTP 5xx statuses.</summary>
    public static bool IsError(string line) => Pattern().IsMatch(line);

    [GeneratedRegex(@"(?i)\b(?:error|err|exception|fatal|panic|critical|crit|failed|failure|traceback|unhandled)\b|\b(?:status|code)[=:]\s*""?5\d\d\b|\s5\d\d\s")]
    private static partial Regex Pattern();
}
