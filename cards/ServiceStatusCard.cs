using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>The answer to "is checkout ok?": the service's open incidents, or that it is operational, and its last incident.</summary>
public static class ServiceStatusCard
{
    public static JsonObject Build(string service, IReadOnlyList<BriefingModel> open, BriefingModel? lastResolved, DateTimeOffset now)
    {
        var body = new JsonArray();
        string fallback;
        if (open.Count == 0)
        {
            body.Add(Container([Text($"✅ {Md(service)} is operational", size: "Large", weight: "Bolder", color: "good")], style: "good", bleed: true));
            body.Add(Text($"No open incidents as of {Time(now)}.", subtle: true));
            fallback = $"{service} is operational: no open incidents.";
        }
        else
        {
            var worst = open.OrderBy(m => SeverityRank(m.Severity)).First();
            body.Add(Container([Text($"{SeverityStyle.Emoji(worst.Severity, false)} {Md(service)}: {open.Count} open incident{(open.Count == 1 ? "" : "s")}",
                size: "Large", weight: "Bolder", color: SeverityStyle.TextColor(worst.Severity, false))],
                style: SeverityStyle.ContainerStyle(worst.Severity, false), bleed: true));
            foreach (var m in open.Take(StatusCard.MaxListed))
            {
                body.Add(Container(
                [
                    Text($"**{m.IncidentId}** · {m.Severity} · {BriefingCard.Capitalize(m.Status)}", weight: "Bolder"),
                    Text(Md(m.Title), spacing: "None"),
                    Text($"Since {Time(m.StartedAt)} · {m.FiringAlerts} alert{(m.FiringAlerts == 1 ? "" : "s")} firing", subtle: true, spacing: "None"),
                ], separator: true, spacing: "Medium"));
            }
            fallback = $"{service}: " + string.Join("; ", open.Select(m => $"{m.IncidentId} [{m.Severity}] {m.Title} ({m.Status} since {Time(m.StartedAt)})"));
        }
        if (lastResolved is not null)
            body.Add(Text($"Last incident: {lastResolved.IncidentId} {Md(lastResolved.Title)}, resolved {Time(lastResolved.ResolvedAt ?? now)}", subtle: true, size: "Small"));
        body.Add(Text($"Ask \"logs {Md(service)}\" for recent log lines.", subtle: true, size: "Small"));
        return Card(body, fallbackText: fallback);
    }

    private static int SeverityRank(string severity) => severity switch { "critical" => 0, "major" => 1, "minor" => 2, _ => 3 };
}
