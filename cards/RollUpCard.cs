using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>
/// The major-event roll-up for Teams: one card for a storm of incidents, updated in place as they open and resolve.
/// However many incidents it holds it lists <see cref="RollUpModel.MaxListed"/>, so it stays far below Teams' limits.
/// </summary>
public static class RollUpCard
{
    public const int TitleChars = 120;

    public static JsonObject Build(RollUpModel m)
    {
        var resolved = m.IsResolved;
        var body = new JsonArray
        {
            Container(
            [
                Text($"{SeverityStyle.Emoji(m.Severity, resolved)} {Md(m.Headline)}", size: "Large", weight: "Bolder",
                    color: SeverityStyle.TextColor(m.Severity, resolved)),
                Text(m.Progress, weight: "Bolder", spacing: "Small"),
            ], style: SeverityStyle.ContainerStyle(m.Severity, resolved), bleed: true),
        };
        foreach (var i in m.Incidents.Take(RollUpModel.MaxListed))
        {
            body.Add(Text($"{SeverityStyle.Emoji(i.Severity, i.IsResolved)} **{Md(RollUpModel.Line(i))}** · {Md(i.Service)}", spacing: "Small"));
            body.Add(Text(Md(CardLimits.Truncate(i.Title, TitleChars)), subtle: true, spacing: "None", maxLines: 2));
        }
        if (m.Incidents.Count > RollUpModel.MaxListed)
            body.Add(Text(CardLimits.More(m.Incidents.Count - RollUpModel.MaxListed), subtle: true));
        body.Add(Text("Say **incident N** for one incident's own card; on-call commands work on each of them.", subtle: true, size: "Small"));
        return Card(body, fallbackText: m.Headline + " — " + m.Progress);
    }
}
