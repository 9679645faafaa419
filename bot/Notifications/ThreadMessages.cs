using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Notifications;

/// <summary>The short messages posted under an incident's card: what people did, and reminders to post an update.</summary>
public static class ThreadMessages
{
    /// <summary>Monitoring's own changes show on the card; people's public actions, reopenings and reminders also go in the thread.</summary>
    public static bool BelongsInThread(IncidentEvent e) =>
        e.IsPublic && (e.ByPerson || e.Kind is IncidentEventKind.Reopened or IncidentEventKind.ReminderSent);

    /// <summary>What a change posts in the thread; an acknowledgement that came with an update or assignment goes unsaid.</summary>
    public static IReadOnlyList<IncidentEvent> InThread(IncidentChange change)
    {
        if (change.Previous is null) return [];
        var events = change.NewEvents.Where(BelongsInThread).ToList();
        return events.Count > 1 ? events.Where(e => e.Kind != IncidentEventKind.Acknowledged).ToList() : events;
    }

    public static IMessageActivity For(Incident incident, IncidentEvent e, string? channelId)
    {
        if (e.Kind == IncidentEventKind.ReminderSent) return Reminder(incident, e, channelId);
        var icon = e.Kind switch
        {
            IncidentEventKind.StatusUpdate => "📣",
            IncidentEventKind.Resolved => "✅",
            IncidentEventKind.Acknowledged => "👀",
            IncidentEventKind.Assigned => "🙋",
            IncidentEventKind.SeverityChanged => "⚠️",
            IncidentEventKind.Reopened => "🔁",
            _ => "ℹ️",
        };
        var author = e.ByPerson && e.Kind == IncidentEventKind.StatusUpdate ? $" ({e.Actor})" : "";
        return Text(channelId, $"{icon} **{incident.Id}**{author}: {e.Text}");
    }

    private static IMessageActivity Reminder(Incident incident, IncidentEvent reminder, string? channelId)
    {
        var who = incident.Assignee ?? incident.AcknowledgedBy;
        var before = incident with { Timeline = incident.Timeline.TakeWhile(e => e != reminder).ToList() };
        var since = DurationText.Format(reminder.At - before.LastUpdateOrReminderAt);
        var ask = $"please post an update for support: **update {incident.Id} identified: …**";
        if (who is null || string.IsNullOrEmpty(who.Id))
            return Text(channelId, $"⏰ **{incident.Id}** has had no update for {since}. On-call{(who is null ? "" : $" ({who.Name})")}, {ask}");

        if (channelId == ChannelIds.Slack)
            return Slack($"⏰ *{incident.Id}* has had no update for {since}. <@{who.Id.Split(':')[0]}>, {SlackMarkdown(ask)}");

        var mention = new Mention(new ChannelAccount(who.Id, who.Name), $"<at>{who.Name}</at>");
        var message = MessageFactory.Text($"⏰ **{incident.Id}** has had no update for {since}. {mention.Text}, {ask}");
        message.Entities = [mention];
        return message;
    }

    /// <summary>Plain text, or for Slack its mrkdwn in channelData (single * for bold).</summary>
    private static IMessageActivity Text(string? channelId, string markdown) =>
        channelId == ChannelIds.Slack
            ? Slack(SlackMarkdown(markdown))
            : MessageFactory.Text(markdown);

    private static IMessageActivity Slack(string mrkdwn) => IncidentCards.FromSlack(new System.Text.Json.Nodes.JsonObject { ["text"] = mrkdwn });

    private static string SlackMarkdown(string markdown) => BlockKit.Escape(markdown).Replace("**", "*");
}
