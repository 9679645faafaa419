using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Alerts;
using SupportBot.Cards;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Notifications;

/// <summary>Maps incidents onto the card models of cards/ and wraps the cards into Bot Framework activities.</summary>
public static class IncidentCards
{
    public static BriefingModel ToModel(Incident incident) => new()
    {
        IncidentId = incident.Id,
        // Alert texts can carry customers' data; cards show them through the built-in redactor.
        Title = BuiltInRedactor.Redact(incident.Title),
        Description = incident.Description is null ? null : BuiltInRedactor.Redact(incident.Description),
        Service = incident.Service,
        Severity = incident.Severity.Name(),
        Status = incident.Status.ToString().ToLowerInvariant(),
        StartedAt = incident.StartedAt,
        ResolvedAt = incident.ResolvedAt,
        Duration = incident.Duration is { } d ? DurationText.Format(d) : null,
        FiringAlerts = incident.FiringCount,
        TotalAlerts = incident.Alerts.Count,
        Links = incident.Links.Select(l => new CardLink(l.Title, l.Url)).ToList(),
    };

    public static IMessageActivity Briefing(Incident incident)
    {
        var model = ToModel(incident);
        var activity = FromCard(BriefingCard.Build(model));
        // The summary is what Teams shows in notifications and the activity feed.
        activity.Summary = $"{incident.Id} [{model.Severity}] {incident.Service}: {incident.Title}" + (incident.IsOpen ? "" : " — resolved");
        return activity;
    }

    public static IMessageActivity Status(IReadOnlyList<Incident> open, DateTimeOffset now) =>
        FromCard(StatusCard.Build(open.Select(ToModel).ToList(), now));

    public static IMessageActivity FromCard(JsonObject card)
    {
        var attachment = new Attachment
        {
            ContentType = AdaptiveCardJson.ContentType,
            Content = JObject.Parse(card.ToJsonString()),
        };
        var activity = MessageFactory.Attachment(attachment);
        activity.Summary = card["fallbackText"]?.GetValue<string>();
        return activity;
    }
}
