using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>Active early warnings as a list: its own answer ("warnings", "anything brewing?") and a section under the status card.</summary>
public static class EarlyWarningList
{
    public const string Heading = "🔭 Early warnings (not outages yet)";
    public const string Nothing = "Nothing brewing: no early warnings.";

    public static JsonObject Card(IReadOnlyList<string> lines, DateTimeOffset now)
    {
        var body = new JsonArray { Text(lines.Count == 0 ? Nothing : Heading, size: "Medium", weight: "Bolder", color: lines.Count == 0 ? "good" : "accent") };
        foreach (var line in lines) body.Add(Text(TeamsText.Escape(line), spacing: "Small"));
        body.Add(Text($"As of {Time(now)}.", subtle: true, size: "Small"));
        return AdaptiveCardJson.Card(body, fallbackText: lines.Count == 0 ? Nothing : Heading + "\n" + string.Join("\n", lines));
    }

    public static JsonObject Slack(IReadOnlyList<string> lines, DateTimeOffset now)
    {
        var blocks = new JsonArray { BlockKit.Section($"*{(lines.Count == 0 ? Nothing : Heading)}*") };
        if (lines.Count > 0) blocks.Add(BlockKit.Section(string.Join("\n", lines.Select(BlockKit.Escape))));
        blocks.Add(BlockKit.Context($"As of {Time(now)}."));
        return BlockKit.Message(BlockKit.Escape(lines.Count == 0 ? Nothing : Heading + "\n" + string.Join("\n", lines)), blocks);
    }

    /// <summary>Adds the warnings under a card made by <see cref="StatusCard"/>.</summary>
    public static void AppendToCard(JsonObject card, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return;
        var items = new JsonArray { Text(Heading, weight: "Bolder", color: "accent") };
        foreach (var line in lines) items.Add(Text(TeamsText.Escape(line), spacing: "Small"));
        card["body"]!.AsArray().Add(Container(items, separator: true, spacing: "Medium"));
    }

    /// <summary>Adds the warnings under a message made by <see cref="SlackStatus"/>.</summary>
    public static void AppendToSlack(JsonObject message, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return;
        var blocks = (message["attachments"]?[0]?["blocks"] ?? message["blocks"])!.AsArray();
        blocks.Add(BlockKit.Section($"*{Heading}*\n" + string.Join("\n", lines.Select(BlockKit.Escape))));
    }
}
