using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Alerts;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Presentation;

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
        TotalAlerts = incident.AlertCount,
        FoldedAlerts = incident.FoldedResolvedAlerts,
        Links = incident.Links.Select(l => new CardLink(l.Title, l.Url)).ToList(),
        AcknowledgedBy = incident.AcknowledgedBy?.Name,
        Assignee = incident.Assignee?.Name,
        Updates = incident.StatusUpdates.Reverse().Select(e => new CardUpdate(e.At, e.Actor, e.Text)).ToList(),
        OnCallActions = true,
    };

    /// <summary>The briefing for a channel: an Adaptive Card, or native Block Kit in Slack.</summary>
    public static IMessageActivity Briefing(Incident incident, string? channelId = null)
    {
        var model = ToModel(incident);
        var activity = channelId == ChannelIds.Slack ? FromSlack(SlackBriefing.Build(model)) : FromCard(BriefingCard.Build(model));
        // The summary is what Teams shows in notifications and the activity feed.
        activity.Summary = $"{incident.Id} [{model.Severity}] {incident.Service}: {model.Title}" + (incident.IsOpen ? "" : " — resolved");
        return activity;
    }

    /// <summary>The status answer; only the incidents it lists are rendered, however many are open.</summary>
    public static IMessageActivity Status(OpenIncidents open, DateTimeOffset now, string? channelId = null)
    {
        var models = open.MostSevere.Take(StatusCard.MaxListed).Select(ToModel).ToList();
        return channelId == ChannelIds.Slack
            ? FromSlack(SlackStatus.Build(models, now, open.Count))
            : FromCard(StatusCard.Build(models, now, open.Count));
    }

    public static IMessageActivity Timeline(Incident incident, bool includeNotes, string? channelId)
    {
        var model = new TimelineModel(incident.Id, incident.Title, incident.Timeline
            .Where(e => includeNotes || e.IsPublic)
            .Select(e => new TimelineEntry(e.At, e.Actor, e.Text, !e.IsPublic)).ToList());
        return channelId == ChannelIds.Slack ? FromSlack(TimelineCard.BuildSlack(model)) : FromCard(TimelineCard.Build(model));
    }

    /// <summary>A native Slack message: the Slack channel posts the activity's channelData as the message.</summary>
    public static IMessageActivity FromSlack(JsonObject message)
    {
        var activity = Activity.CreateMessageActivity();
        activity.ChannelData = JObject.Parse(message.ToJsonString());
        activity.Summary = message["text"]?.GetValue<string>();
        return activity;
    }

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
