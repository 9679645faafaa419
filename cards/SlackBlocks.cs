using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// Slack Block Kit for the answers to reps' questions, sent as the activity's channelData (<c>{"text", "blocks"}</c>)
/// the way the Azure Bot Service Slack channel passes it on. Respects Slack's limits: 50 blocks a message,
/// 3,000 characters a section text, 150 a header.
/// </summary>
public static class SlackBlocks
{
    public const int MaxBlocks = 50;
    public const int MaxSectionChars = 3000;
    public const int MaxHeaderChars = 150;

    public static JsonObject Message(string fallbackText, string header, string? context, IEnumerable<string> sections, string? linkTitle = null, string? linkUrl = null)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Clip(header, MaxHeaderChars)) },
        };
        if (!string.IsNullOrWhiteSpace(context))
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(Escape(context))) });
        foreach (var section in sections.Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            if (blocks.Count >= MaxBlocks - 1) break;
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Clip(section, MaxSectionChars)) });
        }
        if (SafeLink.Normalize(linkUrl) is { } url)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "button", ["text"] = PlainText(linkTitle ?? "Open"), ["url"] = url }),
            });
        }
        // Slack parses the top-level text as well: a raw <!channel> in it would notify the whole channel.
        return new JsonObject { ["text"] = Clip(Escape(fallbackText), MaxSectionChars), ["blocks"] = blocks };
    }

    public static JsonObject LogSnippet(LogSnippetModel m) => Message(
        LogSnippetCard.FallbackText(m),
        $"{(m.ErrorsOnly ? "Errors" : "Logs")} · {m.Service}",
        LogSnippetCard.RangeText(m.From, m.To) + $" · {m.Lines.Count} lines" + (m.OmittedLines > 0 ? $" (and {m.OmittedLines} more)" : "") + " · personal data redacted",
        m.Lines.Count == 0
            ? [$"No {(m.ErrorsOnly ? "error " : "")}lines in this range."]
            : CodeBlocks(m.Lines.Select(LogSnippetCard.LineText)).Concat(m.Problems.Select(p => "⚠️ " + Escape(p))),
        "Open in Grafana Explore", m.ExploreLink);

    public static JsonObject Draft(CustomerDraftModel m) => Message(
        CustomerDraftCard.FallbackText(m),
        $"Customer reply draft · {m.IncidentId}",
        "Written from the incident's state only. Check it before you send it.",
        [$"*Email*\n{Escape(m.Email)}", $"*Short post ({m.Post.Length}/280)*\n{Escape(m.Post)}"]);

    /// <summary>Lines in ``` blocks, as many per block as fit in one section.</summary>
    private static IEnumerable<string> CodeBlocks(IEnumerable<string> lines)
    {
        var current = new List<string>();
        var length = 0;
        foreach (var line in lines.Select(Escape))
        {
            if (current.Count > 0 && length + line.Length + 1 > MaxSectionChars - 8)
            {
                yield return "```" + string.Join("\n", current) + "```";
                current.Clear();
                length = 0;
            }
            current.Add(line);
            length += line.Length + 1;
        }
        if (current.Count > 0) yield return "```" + string.Join("\n", current) + "```";
    }

    /// <summary>Slack mrkdwn treats &amp;, &lt; and &gt; as control characters.</summary>
    public static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };
    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
