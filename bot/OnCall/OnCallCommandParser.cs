using System.Text.RegularExpressions;
using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.OnCall;

/// <summary>
/// Reads "ack 42", "assign INC-42 me", "severity #42 critical", "update 42 identified: …", "resolve 42 [confirm] [note]",
/// "note 42 …", "timeline 42". The manifest's command lists are checked against <see cref="Commands"/>.
/// </summary>
public static partial class OnCallCommandParser
{
    public static readonly IReadOnlyList<CommandSpec> Commands =
    [
        new(OnCallVerb.Ack, "ack", "ack 42", "Acknowledge an incident: you are on it", true, ["ack", "acknowledge"]),
        new(OnCallVerb.Assign, "assign", "assign 42 @someone", "Give an incident to someone (or: assign 42 me)", true, ["assign"]),
        new(OnCallVerb.Severity, "severity", "severity 42 critical", "Change the severity: critical, major, minor or info", true, ["severity", "sev"]),
        new(OnCallVerb.Update, "update", "update 42 identified: what support should know",
            "Post a status update (investigating, identified, monitoring) under the briefing", true, ["update"]),
        new(OnCallVerb.Resolve, "resolve", "resolve 42 [note]", "Resolve an incident, with an optional note", true, ["resolve"]),
        new(OnCallVerb.Note, "note", "note 42 text", "Internal note for on-call, not shown in support channels", true, ["note"]),
        new(OnCallVerb.Timeline, "timeline", "timeline 42", "Everything that happened to an incident, who and when", false, ["timeline", "history"]),
    ];

    private static readonly Dictionary<IncidentStatus, string> DefaultUpdateText = new()
    {
        [IncidentStatus.Investigating] = "We are investigating the issue.",
        [IncidentStatus.Identified] = "The cause has been identified and a fix is under way.",
        [IncidentStatus.Monitoring] = "A fix is in place and we are monitoring the results.",
    };

    public static CommandSpec Spec(OnCallVerb verb) => Commands.First(c => c.Verb == verb);

    /// <summary>
    /// <paramref name="channelId"/> decides how what the person typed is shown back in a reply: literal text in
    /// Slack mrkdwn or in the markdown of Teams and the Emulator.
    /// </summary>
    public static ParseResult Parse(string? text, string? channelId = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult.NotACommand;
        var m = CommandShape().Match(text.Trim());
        if (!m.Success) return ParseResult.NotACommand;
        var word = m.Groups["verb"].Value.ToLowerInvariant();
        var idText = m.Groups["id"].Success ? IncidentWord().Replace(m.Groups["id"].Value.TrimEnd(':', ',', '.'), "INC") : null;
        var rest = m.Groups["rest"].Value.Trim();

        var spec = Commands.FirstOrDefault(c => c.Aliases.Contains(word));
        string Shown(string typed) => Presentation.LiteralText.For(channelId, Clip(typed));
        if (spec is null) return Typo(word, idText, Shown);
        if (idText is null) return Problem($"Which incident? Try **{spec.Usage}**.");
        if (!IncidentNumber.TryParse(idText, out var number))
            return Problem($"\"{Shown(idText)}\" isn't an incident number. Use 42, INC-42 or #42, e.g. **{spec.Usage}**.");

        var command = new OnCallCommand(spec.Verb, number);
        return spec.Verb switch
        {
            OnCallVerb.Assign when rest.Length == 0 => Problem($"Who should take INC-{number}? Try **assign {number} @someone** or **assign {number} me**."),
            OnCallVerb.Assign => Ok(command with { Text = rest }),
            OnCallVerb.Severity when !SeverityNames.TryParse(rest, out var severity) => Problem(rest.Length == 0
                ? $"Which severity? Try **severity {number} critical** (critical, major, minor or info)."
                : $"\"{Shown(rest)}\" isn't a severity. Use critical, major, minor or info, e.g. **severity {number} major**."),
            OnCallVerb.Severity => Ok(command with { Severity = SeverityNames.ParseOrDefault(rest) }),
            OnCallVerb.Update => ParseUpdate(command, rest),
            OnCallVerb.Note when rest.Length == 0 => Problem($"What's the note? Try **note {number} checked the load balancer, it's fine**."),
            OnCallVerb.Resolve => ParseResolve(command, rest),
            _ => Ok(command with { Text = rest }),
        };
    }

    private static ParseResult ParseUpdate(OnCallCommand command, string rest)
    {
        IncidentStatus? status = null;
        if (UpdateState().Match(rest) is { Success: true } s)
        {
            status = Enum.Parse<IncidentStatus>(s.Groups["state"].Value, ignoreCase: true);
            rest = s.Groups["text"].Value.Trim();
        }
        if (rest.Length == 0 && status is null)
            return Problem($"What's the update for INC-{command.Number}? Try **update {command.Number} identified: failover of the primary DB in progress** " +
                           "(states: investigating, identified, monitoring).");
        return Ok(command with { Status = status, Text = rest.Length > 0 ? rest : DefaultUpdateText[status!.Value] });
    }

    private static ParseResult ParseResolve(OnCallCommand command, string rest)
    {
        var confirm = Confirmation().Match(rest);
        return Ok(command with { Confirmed = confirm.Success, Text = confirm.Success ? rest[confirm.Length..].Trim() : rest });
    }

    /// <summary>"resolv 42", "ackk #42": a known command one letter off, followed by an incident id.</summary>
    private static ParseResult Typo(string word, string? idText, Func<string, string> shown)
    {
        if (word.Length < 3 || !IncidentNumber.TryParse(idText, out var number)) return ParseResult.NotACommand;
        var near = Commands.FirstOrDefault(c => c.Aliases.Any(a => Distance(a, word) == 1));
        return near is null ? ParseResult.NotACommand
            : Problem($"I don't know \"{shown(word)}\". Did you mean **{near.Usage.Replace("42", number.ToString())}**? Type **help** for all commands.");
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    /// <summary>Echoes stay short: a pasted page is not repeated back.</summary>
    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static ParseResult Ok(OnCallCommand command) => new(command, null);

    private static ParseResult Problem(string text) => new(null, text);

    // verb, then an id ("42", "#42", "INC-42", "inc 42", or any word to complain about), then the rest.
    [GeneratedRegex(@"^/?(?<verb>[a-zA-Z]+)(?:\s+(?<id>(?:inc(?:ident)?\s*-?\s*|#)\d+[:,.]?|\S+))?(?:\s+(?<rest>[\s\S]*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CommandShape();

    [GeneratedRegex(@"^incident", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentWord();

    [GeneratedRegex(@"^(?<state>investigating|identified|monitoring)\b\s*[:\-–—]?\s*(?<text>[\s\S]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex UpdateState();

    [GeneratedRegex(@"^(?:confirm(?:ed)?|anyway|yes|--force|force)\b[:,]?", RegexOptions.IgnoreCase)]
    private static partial Regex Confirmation();
}
