using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>What a log snippet card shows. The lines are already redacted and bounded.</summary>
public sealed record LogSnippetModel
{
    public required string Service { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public bool ErrorsOnly { get; init; }
    public IReadOnlyList<LogLineModel> Lines { get; init; } = [];
    public int OmittedLines { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    public string? ExploreLink { get; init; }
}

public sealed record LogLineModel(DateTimeOffset At, string Source, string Text, bool IsError);

/// <summary>The answer to "logs checkout last 30m": the lines in monospace, error lines marked, the range and a link to Explore.</summary>
public static class LogSnippetCard
{
    public const string ErrorMark = "⛔";

    public static JsonObject Build(LogSnippetModel m)
    {
        var title = $"{(m.ErrorsOnly ? "Errors" : "Logs")} · {Md(m.Service)}";
        var body = new JsonArray
        {
            Text(title, size: "Large", weight: "Bolder"),
            Text(Range(m.From, m.To) + $" · {m.Lines.Count} line{(m.Lines.Count == 1 ? "" : "s")}" +
                 (m.OmittedLines > 0 ? $" (and {m.OmittedLines} more)" : "") + " · personal data redacted", subtle: true, spacing: "None"),
        };
        if (m.Lines.Count == 0)
            body.Add(Text($"No {(m.ErrorsOnly ? "error " : "")}lines in this range.", spacing: "Medium"));

        foreach (var group in m.Lines.GroupBy(l => l.Source))
        {
            var items = new JsonArray { Text(SourceTitle(group.Key), weight: "Bolder", size: "Small") };
            foreach (var line in group)
            {
                var block = Text(Md(Line(line)), size: "Small", color: line.IsError ? "attention" : null, spacing: "None");
                block["fontType"] = "Monospace";
                items.Add(block);
            }
            body.Add(Container(items, style: "emphasis", separator: true, spacing: "Medium"));
        }
        foreach (var problem in m.Problems)
            body.Add(Text($"⚠️ {Md(problem)}", subtle: true, size: "Small"));

        var actions = SafeLink.Normalize(m.ExploreLink) is { } link ? new JsonArray(OpenUrl("Open in Grafana Explore", link)) : null;
        return Card(body, actions, FallbackText(m));
    }

    /// <summary>The whole snippet as plain text, for channels without cards.</summary>
    public static string FallbackText(LogSnippetModel m)
    {
        var text = new StringBuilder();
        text.Append($"{(m.ErrorsOnly ? "Errors" : "Logs")} for {m.Service}, {Range(m.From, m.To)} (personal data redacted)\n");
        if (m.Lines.Count == 0) text.Append($"No {(m.ErrorsOnly ? "error " : "")}lines in this range.\n");
        foreach (var line in m.Lines) text.Append(Line(line)).Append('\n');
        if (m.OmittedLines > 0) text.Append($"…and {m.OmittedLines} more\n");
        foreach (var problem in m.Problems) text.Append($"⚠️ {problem}\n");
        if (m.ExploreLink is { } link) text.Append($"Full query: {link}\n");
        return text.ToString().TrimEnd();
    }

    public static string LineText(LogLineModel l) => Line(l);

    public static string RangeText(DateTimeOffset from, DateTimeOffset to) => Range(from, to);

    private static string Line(LogLineModel l) =>
        $"{(l.IsError ? ErrorMark + " " : "")}{l.At.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {l.Text}";

    private static string SourceTitle(string source) => source switch
    {
        "alert" => "From the alert",
        "loki" => "From Loki",
        _ => "From " + source,
    };

    private static string Range(DateTimeOffset from, DateTimeOffset to)
    {
        var (f, t) = (from.ToUniversalTime(), to.ToUniversalTime());
        return f.Date == t.Date
            ? $"{f.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}–{t.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC"
            : $"{Time(f)} – {Time(t)}";
    }
}
