using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>
/// The early-warning card: not an incident, and styled so nobody mistakes it for one (a "forecast" header in the
/// accent style, no severity). Posted into the channels that follow the service, updated in place as the forecast
/// changes, and finally marked recovered, came true (with a link to the incident) or dismissed.
/// </summary>
public static class EarlyWarningCard
{
    public const string LookingVerb = "warning-looking";
    public const string DismissVerb = "warning-dismiss";

    public static JsonObject Build(EarlyWarningModel m)
    {
        var service = TeamsText.Escape(m.Service);
        var signal = TeamsText.Escape(m.SignalName);
        var header = Container(
        [
            Text($"{Emoji(m.State)} EARLY WARNING · {service} · {Headline(m)}", weight: "Bolder", color: Color(m.State)),
            Text(Title(m, signal), size: "Large", weight: "Bolder", spacing: "Small"),
        ], style: Style(m.State), bleed: true);

        var body = new JsonArray { header };
        if (m.State == EarlyWarningState.Active)
            body.Add(Text("Not an outage yet: the trend says it may become one. Nothing is down now.", subtle: true, spacing: "Small"));
        if (m.Recent.Count > 0)
        {
            var line = Text(Sparkline.Of(m.Recent), size: "Large", spacing: "Medium");
            line["fontType"] = "Monospace";
            body.Add(line);
            body.Add(Text($"Trend, {TeamsText.Escape(m.RecentSpan)}", subtle: true, size: "Small", spacing: "None"));
        }

        var facts = new List<(string, string)>
        {
            ("Signal", signal),
            ("Service", service),
            ("Now", m.ValueNow),
            ("Threshold", $"{m.Direction} {m.Threshold}"),
        };
        if (m.State == EarlyWarningState.Active && m.CrossingText.Length > 0) facts.Add(("Predicted crossing", m.CrossingText));
        if (m.CrossedAt is { } crossed) facts.Add(("Crossed", Time(crossed)));
        facts.Add(("Warned", Time(m.RaisedAt)));
        if (m.EndedAt is { } ended && m.State is EarlyWarningState.Recovered or EarlyWarningState.Dismissed) facts.Add(("Ended", Time(ended)));
        if (m.LookingBy is not null) facts.Add(("Looking at it", TeamsText.Escape(m.LookingBy)));
        if (m.DismissedBy is not null) facts.Add(("Dismissed by", TeamsText.Escape(m.DismissedBy)));
        body.Add(FactSet(facts));

        var actions = new JsonArray();
        if (m.State is EarlyWarningState.Active or EarlyWarningState.Crossed)
        {
            if (m.LookingBy is null) actions.Add(Execute("Looking at it", LookingVerb, m.WarningId));
            actions.Add(Execute("Dismiss", DismissVerb, m.WarningId));
        }
        if (m.IncidentId is not null && m.IncidentUrl is not null) actions.Add(OpenUrl($"Open {m.IncidentId}", m.IncidentUrl));
        return Card(body, actions, FallbackText(m));
    }

    public static string Headline(EarlyWarningModel m) => m.State switch
    {
        EarlyWarningState.Active => $"may cross {m.CrossingText}".TrimEnd(),
        EarlyWarningState.Crossed => "threshold crossed",
        EarlyWarningState.Recovered => "Recovered, no outage",
        EarlyWarningState.CameTrue => $"came true: {m.IncidentId}" + (m.LeadText is null ? "" : $", warned {m.LeadText} before"),
        EarlyWarningState.Dismissed => "Dismissed",
        _ => "",
    };

    public static string FallbackText(EarlyWarningModel m) =>
        $"Early warning · {m.Service} · {m.SignalName}: {Headline(m)} (now {m.ValueNow}, threshold {m.Direction} {m.Threshold})";

    private static string Title(EarlyWarningModel m, string signal) => m.State switch
    {
        EarlyWarningState.Active => $"{signal} is heading {m.Direction} {m.Threshold}",
        EarlyWarningState.Crossed => $"{signal} is {m.Direction} {m.Threshold}",
        _ => signal,
    };

    internal static string Emoji(EarlyWarningState state) => state switch
    {
        EarlyWarningState.Active => "🔭",
        EarlyWarningState.Crossed => "⚠️",
        EarlyWarningState.Recovered => "✅",
        EarlyWarningState.CameTrue => "🔴",
        _ => "⚪",
    };

    private static string Style(EarlyWarningState state) => state switch
    {
        EarlyWarningState.Recovered => "good",
        EarlyWarningState.Dismissed => "default",
        _ => "accent",
    };

    private static string Color(EarlyWarningState state) => state switch
    {
        EarlyWarningState.Recovered => "good",
        EarlyWarningState.CameTrue or EarlyWarningState.Crossed => "attention",
        EarlyWarningState.Dismissed => "default",
        _ => "accent",
    };

    private static JsonObject Execute(string title, string verb, string warningId) =>
        AdaptiveCardJson.Execute(title, verb, new JsonObject { ["verb"] = verb, ["warning"] = warningId });
}
