using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Notifications;

namespace SupportBot.Tests.Notifications;

/// <summary>What goes under a card: people's public actions and reminders, never internal notes or monitoring's own churn.</summary>
public sealed class ThreadMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 15, 0, TimeSpan.Zero);

    private static Incident Incident(Person? assignee = null) => new()
    {
        Number = 4, GroupKey = "g", Title = "Checkout down", Service = "checkout-api", Severity = Severity.Critical,
        Status = IncidentStatus.Investigating, StartedAt = At.AddMinutes(-40), Assignee = assignee,
        Timeline = [new IncidentEvent(At.AddMinutes(-30), IncidentEventKind.Opened, "opened"), new IncidentEvent(At, IncidentEventKind.ReminderSent, "r", IncidentEvent.Bot)],
    };

    [Theory]
    [InlineData(IncidentEventKind.StatusUpdate, "Olga", true)]
    [InlineData(IncidentEventKind.Resolved, "Olga", true)]
    [InlineData(IncidentEventKind.Note, "Olga", false)]
    [InlineData(IncidentEventKind.AlertFiring, IncidentEvent.Monitoring, false)]
    [InlineData(IncidentEventKind.Resolved, IncidentEvent.Monitoring, false)]
    [InlineData(IncidentEventKind.Reopened, IncidentEvent.Monitoring, true)]
    [InlineData(IncidentEventKind.ReminderSent, IncidentEvent.Bot, true)]
    public void Only_public_human_actions_reopenings_and_reminders_go_in_the_thread(IncidentEventKind kind, string actor, bool threaded) =>
        Assert.Equal(threaded, ThreadMessages.BelongsInThread(new IncidentEvent(At, kind, "x", actor)));

    [Fact]
    public void Teams_reminder_mentions_the_assignee()
    {
        var incident = Incident(new Person("29:olga", "Olga Oncall"));
        var message = ThreadMessages.For(incident, incident.Timeline[^1], "msteams");
        Assert.Equal("⏰ **INC-4** has had no update for 30m. <at>Olga Oncall</at>, please post an update for support: **update INC-4 identified: …**", message.Text);
        var mention = message.Entities.Single().GetAs<Mention>();
        Assert.Equal(("29:olga", "<at>Olga Oncall</at>"), (mention.Mentioned.Id, mention.Text));
    }

    [Fact]
    public void Slack_reminder_mentions_the_slack_user()
    {
        var incident = Incident(new Person("U0OLGA:T0TEAM", "olga"));
        var message = ThreadMessages.For(incident, incident.Timeline[^1], "slack");
        Assert.Null(message.Text);
        Assert.StartsWith("⏰ *INC-4* has had no update for 30m. <@U0OLGA>, please post an update", ((JObject)message.ChannelData).Value<string>("text"));
    }

    [Fact]
    public void Without_an_assignee_the_reminder_asks_on_call()
    {
        var incident = Incident();
        Assert.StartsWith("⏰ **INC-4** has had no update for 30m. On-call, please post", ThreadMessages.For(incident, incident.Timeline[^1], "msteams").Text);
    }
}
