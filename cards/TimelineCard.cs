using System.Text;
using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>
/// The answer to "timeline 42", for Teams (Adaptive Card) and Slack (blocks). Long histories keep their newest
/// entries and say how many earlier ones were left out, so the message stays within each platform's limits.
/// </summary>
public static class TimelineCard
{
    public const int MaxTeamsEntries = 60;

    public static JsonObject Build(TimelineModel m)
    {
        var entries = new List<JsonObject>();
        var budget = CardLimits.TeamsMessageBytes - 4096; // room for the activity around the card
        var used = 0;
        foreach (var e in m.Entries.Reverse().Take(MaxTeamsEntries))
        {
            var block = Entry(e);
            var size = Encoding.UTF8.GetByteCount(block.ToJsonString());
            if (used + size > budget) break;
            used += size;
            entries.Add(block);
        }
        entries.Reverse();

        var body = new JsonArray
        {
            Text($"🕒 {m.IncidentId} timeline", size: "Large", weight: "Bolder"),
            Text(Md(CardLimits.Truncate(m.Title, CardLimits.TitleChars)), subtle: true, spacing: "None"),
        };
        var left = m.Entries.Count - entries.Count;
        if (left > 0) body.Add(Text(CardLimits.More(left, "earlier entries"), subtle: true));
        foreach (var e in entries) body.Add(e);
        return Card(body, fallbackText: $"{m.IncidentId} timeline ({m.Entries.Count} entries)");
    }

    public static JsonObject BuildSlack(TimelineModel m)
    {
        var room = CardLimits.SlackBlocks - 2; // title, and "…and N earlier entries"
        var shown = m.Entries.TakeLast(room).ToList();
        var blocks = new JsonArray { BlockKit.Section($"🕒 *{m.IncidentId} timeline* — {BlockKit.Escape(CardLimits.Truncate(m.Title, CardLimits.TitleChars))}") };
        if (shown.Count < m.Entries.Count) blocks.Add(BlockKit.Context(CardLimits.More(m.Entries.Count - shown.Count, "earlier entries")));
        foreach (var e in shown)
            blocks.Add(BlockKit.Section($"`{Time(e.At)}` *{BlockKit.Escape(e.Actor)}*{(e.Internal ? " _(internal note)_" : "")}\n{BlockKit.Escape(e.Text)}"));
        return BlockKit.Message($"{m.IncidentId} timeline ({m.Entries.Count} entries)", blocks);
    }

    private static JsonObject Entry(TimelineEntry e) => Container(
    [
        Text($"{Time(e.At)} · {Md(e.Actor)}{(e.Internal ? " · 🔒 internal note" : "")}", subtle: true, size: "Small"),
        Text(Md(CardLimits.Truncate(e.Text, 2000)), spacing: "None"),
    ], spacing: "Small", separator: true);
}
