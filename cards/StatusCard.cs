using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>The answer to "status" / "what's down?": every open incident, most severe first.</summary>
public static class StatusCard
{
    public const int MaxListed = 20;

    public static JsonObject Build(IReadOnlyList<BriefingModel> open, DateTimeOffset now)
    {
        if (open.Count == 0)
        {
            return Card(
            [
                Container([Text("✅ All systems operational", size: "Large", weight: "Bolder", color: "good")], style: "good", bleed: true),
                Text($"No open incidents as of {Time(now)}.", subtle: true),
            ], fallbackText: "All systems operational");
        }

        var body = new JsonArray
        {
            Text($"{open.Count} open incident{(open.Count == 1 ? "" : "s")}", size: "Large", weight: "Bolder"),
        };
        foreach (var m in open.Take(MaxListed))
        {
            body.Add(Container(
            [
                Text($"{SeverityStyle.Emoji(m.Severity, false)} **{m.IncidentId}** · {m.Severity} · {m.Service}", weight: "Bolder",
                    color: SeverityStyle.TextColor(m.Severity, false)),
                Text(m.Title, spacing: "None"),
                Text($"{BriefingCard.Capitalize(m.Status)} since {Time(m.StartedAt)} · {m.FiringAlerts} alert{(m.FiringAlerts == 1 ? "" : "s")} firing",
                    subtle: true, spacing: "None"),
            ], separator: true, spacing: "Medium"));
        }
        if (open.Count > MaxListed)
            body.Add(Text($"…and {open.Count - MaxListed} more", subtle: true));
        body.Add(Text("Ask \"incident <n>\" for details.", subtle: true, size: "Small"));

        var fallback = string.Join("\n", open.Select(m => $"{m.IncidentId} [{m.Severity}] {m.Service}: {m.Title}"));
        return Card(body, fallbackText: fallback);
    }
}
