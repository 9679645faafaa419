using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>The answer to "status" / "what's down?": the open incidents, most severe first.</summary>
public static class StatusCard
{
    public const int MaxListed = 20;

    /// <summary>
    /// <paramref name="open"/> lists the most severe open incidents (at least the first <see cref="MaxListed"/>);
    /// <paramref name="openCount"/> is how many are open in all, when the caller did not pass every one.
    /// </summary>
    public static JsonObject Build(IReadOnlyList<BriefingModel> open, DateTimeOffset now, int? openCount = null)
    {
        var total = openCount ?? open.Count;
        if (total == 0)
        {
            return Card(
            [
                Container([Text("✅ All systems operational", size: "Large", weight: "Bolder", color: "good")], style: "good", bleed: true),
                Text($"No open incidents as of {Time(now)}.", subtle: true),
            ], fallbackText: "All systems operational");
        }

        var body = new JsonArray
        {
            Text($"{total} open incident{(total == 1 ? "" : "s")}", size: "Large", weight: "Bolder"),
        };
        foreach (var m in open.Take(MaxListed))
        {
            body.Add(Container(
            [
                Text($"{SeverityStyle.Emoji(m.Severity, false)} **{m.IncidentId}** · {m.Severity} · {Md(m.Service)}", weight: "Bolder",
                    color: SeverityStyle.TextColor(m.Severity, false)),
                Text(Md(m.Title), spacing: "None"),
                Text($"{BriefingCard.Capitalize(m.Status)} since {Time(m.StartedAt)} · {m.FiringAlerts} alert{(m.FiringAlerts == 1 ? "" : "s")} firing",
                    subtle: true, spacing: "None"),
            ], separator: true, spacing: "Medium"));
        }
        var listed = Math.Min(MaxListed, open.Count);
        if (total > listed)
            body.Add(Text($"…and {total - listed} more", subtle: true));
        body.Add(Text("Ask \"incident <n>\" for details.", subtle: true, size: "Small"));

        var fallback = string.Join("\n", open.Take(MaxListed).Select(m => $"{m.IncidentId} [{m.Severity}] {m.Service}: {m.Title}"));
        return Card(body, fallbackText: fallback);
    }
}
