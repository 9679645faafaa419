using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Presentation;

/// <summary>Maps incidents onto the card models of cards/ and wraps the cards into Bot Framework activities.</summary>
public static class IncidentCards
{
    /// <summary>
    /// The model with the built-in redactor over the alert texts: for what is built without a request to wait on (the try-out
    /// page). Answers and briefings go through <see cref="IncidentPresenter"/>, which uses the configured redactor.
    /// </summary>
    public static BriefingModel ToModel(Incident incident) =>
        ToModel(incident, BuiltInRedactor.Redact(incident.Title), incident.Description is null ? null : BuiltInRedactor.Redact(incident.Description));

    /// <summary>The model, with the incident's title and description as already redacted by the caller.</summary>
    public static BriefingModel ToModel(Incident incident, string redactedTitle, string? redactedDescription) => new()
    {
        IncidentId = incident.Id,
        Title = redactedTitle,
        Description = redactedDescription,
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
        FlappingText = incident.Flapping is { } f ? $"flapping ({FlapDamping.Text(f.Changes, f.Window)})" : null,
        WarnedText = incident.Warned is { } w && incident.StartedAt > w.WarnedAt
            ? $"Warned {EarlyWarning.LeadText.Of(incident.StartedAt - w.WarnedAt)} before ({w.Signal})"
            : null,
    };

    /// <summary>The briefing for a channel: an Adaptive Card, or native Block Kit in Slack.</summary>
    public static IMessageActivity Briefing(Incident incident, string? channelId = null) => Briefing(ToModel(incident), incident, channelId);

    /// <summary>The briefing of <paramref name="model"/> (made from <paramref name="incident"/>) for a channel.</summary>
    public static IMessageActivity Briefing(BriefingModel model, Incident incident, string? channelId)
    {
        var activity = channelId == ChannelIds.Slack ? FromSlack(SlackBriefing.Build(model)) : FromCard(BriefingCard.Build(model));
        // The summary is what Teams shows in notifications and the activity feed.
        activity.Summary = $"{incident.Id} [{model.Severity}] {incident.Service}: {model.Title}" + (incident.IsOpen ? "" : " — resolved");
        return activity;
    }

    /// <summary>A channel's major-event roll-up: an Adaptive Card, or native Block Kit in Slack.</summary>
    public static IMessageActivity RollUp(RollUpModel model, string? channelId)
    {
        var activity = channelId == ChannelIds.Slack ? FromSlack(SlackRollUp.Build(model)) : FromCard(RollUpCard.Build(model));
        activity.Summary = model.Headline + " — " + model.Progress;
        return activity;
    }

    /// <summary>The status answer; only the incidents it lists are rendered, however many are open. Active early warnings follow them.</summary>
    /// <param name="follows">What this channel gets briefings for, when that is not everything: a line under the list.</param>
    public static IMessageActivity Status(IReadOnlyList<BriefingModel> models, int openCount, DateTimeOffset now, string? channelId,
        IReadOnlyList<string>? warnings, string? follows = null)
    {
        if (channelId == ChannelIds.Slack)
        {
            var message = SlackStatus.Build(models, now, openCount);
            EarlyWarningList.AppendToSlack(message, warnings ?? []);
            FollowsNote.AppendToSlack(message, follows);
            return FromSlack(message);
        }
        var card = StatusCard.Build(models, now, openCount);
        EarlyWarningList.AppendToCard(card, warnings ?? []);
        FollowsNote.AppendToCard(card, follows);
        return FromCard(card);
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
        activity.ChannelData = NewtonsoftTree.From(message);
        activity.Summary = message["text"]?.GetValue<string>();
        return activity;
    }

    public static IMessageActivity FromCard(JsonObject card)
    {
        var attachment = new Attachment
        {
            ContentType = AdaptiveCardJson.ContentType,
            Content = CardAttachmentJson.From(card),
        };
        var activity = MessageFactory.Attachment(attachment);
        activity.Summary = card["fallbackText"]?.GetValue<string>();
        return activity;
    }
}
