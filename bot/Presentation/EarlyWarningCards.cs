using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.EarlyWarning;
using SupportBot.EarlyWarning.Forecasting;
using SupportBot.Incidents;

namespace SupportBot.Presentation;

/// <summary>Maps warnings onto the early-warning card model and wraps the card (Adaptive Card, or Block Kit in Slack) in an activity.</summary>
public static class EarlyWarningCards
{
    /// <param name="incident">The incident the warning came true as, or the service's open incident, and its link (if any).</param>
    public static EarlyWarningModel ToModel(SignalWarning w, WarningIncident? incident = null) => new()
    {
        WarningId = w.Id,
        Service = w.Service,
        SignalName = w.SignalName,
        State = w.Status switch
        {
            WarningStatus.Active => EarlyWarningState.Active,
            WarningStatus.Crossed => EarlyWarningState.Crossed,
            WarningStatus.Recovered => EarlyWarningState.Recovered,
            WarningStatus.CameTrue => EarlyWarningState.CameTrue,
            _ => EarlyWarningState.Dismissed,
        },
        ValueNow = LeadText.Value(w.ValueNow),
        Threshold = LeadText.Value(w.Threshold),
        Direction = w.Direction == Direction.Above ? "above" : "below",
        CrossingText = EtaText.Of(w.CrossingIn),
        Recent = w.Recent,
        RecentSpan = "last " + LeadText.Of(w.RecentSpan),
        RaisedAt = w.RaisedAt,
        EndedAt = w.EndedAt,
        CrossedAt = w.CrossedAt,
        LookingBy = w.LookingBy,
        DismissedBy = w.DismissedBy,
        IncidentId = (w.IncidentNumber ?? incident?.Number) is { } n ? Incident.IdOf(n) : null,
        IncidentUrl = incident?.Url,
        LeadText = w.Lead is { } lead ? LeadText.Of(lead) : null,
    };

    public static IMessageActivity Card(SignalWarning warning, string? channelId, WarningIncident? incident = null)
    {
        var model = ToModel(warning, incident);
        var activity = channelId == ChannelIds.Slack
            ? IncidentCards.FromSlack(SlackEarlyWarning.Build(model))
            : IncidentCards.FromCard(EarlyWarningCard.Build(model));
        activity.Summary = EarlyWarningCard.FallbackText(model);
        return activity;
    }

    /// <summary>One line per warning for chat lists: "🔭 checkout-api · Queue depth: 412 now, above 500 in about 12 min".</summary>
    public static string Line(SignalWarning w) => w.Status switch
    {
        WarningStatus.Crossed => $"⚠️ {w.Service} · {w.SignalName}: {LeadText.Value(w.ValueNow)} now, past {(w.Direction == Direction.Above ? "above" : "below")} {LeadText.Value(w.Threshold)} (warned {w.RaisedAt:HH:mm} UTC)",
        _ => $"🔭 {w.Service} · {w.SignalName}: {LeadText.Value(w.ValueNow)} now, {(w.Direction == Direction.Above ? "above" : "below")} {LeadText.Value(w.Threshold)} {EtaText.Of(w.CrossingIn)}".TrimEnd()
             + (w.LookingBy is null ? "" : $" · {w.LookingBy} is looking at it"),
    };
}
