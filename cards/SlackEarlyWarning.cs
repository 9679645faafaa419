using System.Text.Json.Nodes;
using static SupportBot.Cards.BlockKit;

namespace SupportBot.Cards;

/// <summary>The early-warning card as a native Slack message: the same facts, sparkline and buttons, in a blue (not red) bar.</summary>
public static class SlackEarlyWarning
{
    public const string LookingAction = "warning_looking";
    public const string DismissAction = "warning_dismiss";
    private const string ForecastColor = "#5B5FC7";

    public static JsonObject Build(EarlyWarningModel m)
    {
        var blocks = new JsonArray
        {
            Section($"{EarlyWarningCard.Emoji(m.State)} *EARLY WARNING · {Escape(m.Service)} · {Escape(EarlyWarningCard.Headline(m))}*\n*{Escape(m.SignalName)}*"),
        };
        if (m.State == EarlyWarningState.Active)
            blocks.Add(Context("Not an outage yet: the trend says it may become one. Nothing is down now."));
        if (m.Recent.Count > 0)
            blocks.Add(Section($"`{Sparkline.Of(m.Recent)}`  _trend, {Escape(m.RecentSpan)}_"));

        var facts = new List<(string, string)>
        {
            ("Signal", m.SignalName),
            ("Service", m.Service),
            ("Now", m.ValueNow),
            ("Threshold", $"{m.Direction} {m.Threshold}"),
        };
        if (m.State == EarlyWarningState.Active && m.CrossingText.Length > 0) facts.Add(("Predicted crossing", m.CrossingText));
        if (m.CrossedAt is { } crossed) facts.Add(("Crossed", AdaptiveCardJson.Time(crossed)));
        facts.Add(("Warned", AdaptiveCardJson.Time(m.RaisedAt)));
        if (m.LookingBy is not null) facts.Add(("Looking at it", m.LookingBy));
        if (m.DismissedBy is not null) facts.Add(("Dismissed by", m.DismissedBy));
        blocks.Add(Fields(facts)); // Fields escapes titles and values

        if (m.IncidentId is not null && m.IncidentUrl is not null)
            blocks.Add(Context($"<{m.IncidentUrl}|Open {Escape(m.IncidentId)}>"));
        if (m.State is EarlyWarningState.Active or EarlyWarningState.Crossed)
        {
            var buttons = new List<JsonObject>();
            if (m.LookingBy is null) buttons.Add(Button("Looking at it", LookingAction, m.WarningId, "primary"));
            buttons.Add(Button("Dismiss", DismissAction, m.WarningId));
            blocks.Add(Actions([.. buttons]));
        }
        return Message(Escape(EarlyWarningCard.FallbackText(m)), blocks, m.State == EarlyWarningState.Recovered ? "#2EB67D" : ForecastColor);
    }
}
