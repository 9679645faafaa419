using System.Text.Json.Nodes;
using static SupportBot.Cards.BlockKit;

namespace SupportBot.Cards;

/// <summary>The major-event roll-up as a native Slack message: the same headline, progress and list as the Teams card.</summary>
public static class SlackRollUp
{
    public static JsonObject Build(RollUpModel m)
    {
        var resolved = m.IsResolved;
        var blocks = new JsonArray
        {
            Section($"{SeverityStyle.Emoji(m.Severity, resolved)} *{Escape(m.Headline)}*\n{Escape(m.Progress)}"),
        };
        foreach (var i in m.Incidents.Take(RollUpModel.MaxListed))
            blocks.Add(Section($"{SeverityStyle.Emoji(i.Severity, i.IsResolved)} *{Escape(RollUpModel.Line(i))}* · {Escape(i.Service)}\n" +
                               Escape(CardLimits.Truncate(i.Title, RollUpCard.TitleChars))));
        if (m.Incidents.Count > RollUpModel.MaxListed)
            blocks.Add(Context(CardLimits.More(m.Incidents.Count - RollUpModel.MaxListed)));
        blocks.Add(Context("Say *incident N* for one incident's own card; on-call commands work on each of them."));
        return Message(m.Headline + " — " + m.Progress, blocks, SeverityStyle.Hex(m.Severity, resolved));
    }
}
