using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>The spine over real HTTP: channel added → Alertmanager webhook → card posted → resolved → card updated in place.</summary>
public sealed class BriefingFlowTests : BotWithConnector
{

    [Fact]
    public async Task Firing_alert_posts_one_briefing_and_resolve_updates_it_in_place()
    {
        var added = await Chat.AddBotAsync(Channel);
        Assert.True(added.IsSuccessStatusCode);
        var greeting = await Connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        Assert.Contains("outage briefing", greeting.Text);

        var firing = await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);

        var post = await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");
        Assert.Equal(Channel, post.ConversationId);
        Assert.Equal("1.5", post.Card!.Value<string>("version"));
        Assert.Contains("INC-1", post.Visible);
        Assert.Contains("CRITICAL", post.Visible);
        Assert.Contains("checkout-api", post.Visible);
        Assert.Contains("Checkout API 5xx rate above 5%", post.Visible);
        Assert.Contains("12.4% of requests", post.Visible);
        Assert.Contains("2026-11-20 09:41 UTC", post.Visible);
        Assert.Contains("1 firing of 1", post.Visible);
        Assert.Contains("https://runbooks.example.com/checkout/high-error-rate", post.Visible);
        Assert.Contains("https://grafana.example.com/d/checkout/checkout-api", post.Visible);
        Assert.Contains("http://prometheus.example.com:9090/graph", post.Visible);

        // Alertmanager resends the same group every repeat_interval: nothing changes, nothing is sent.
        var resend = await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);

        var resolved = await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        var update = await Connector.WaitForAsync(c => c.Method == "PUT", what: "the update of the card");
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Equal(Channel, update.ConversationId);
        Assert.Contains("Resolved after 26m 42s", update.Visible);

        Assert.Single(Connector.Posts);
        Assert.Single(Connector.Updates);
    }

    [Fact]
    public async Task More_alerts_of_the_same_group_update_the_same_card()
    {
        await Chat.AddBotAsync(Channel);
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var post = await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        var update = await Connector.WaitForAsync(c => c.Method == "PUT", what: "the updated card");

        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Contains("2 firing of 2", update.Visible);
        Assert.Contains("INC-1", update.Visible);
        Assert.Single(Connector.Posts);
    }

    [Fact]
    public async Task Status_lists_open_incidents_then_all_clear()
    {
        await Chat.AddBotAsync(Channel);
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        await Chat.SayAsync(Channel, "<at>SupportBot</at> what's down?");
        var answer = await Connector.WaitForAsync(c => c.ReplyToId is not null && c.Visible.Contains("open incident"), what: "the status answer");
        Assert.Contains("1 open incident", answer.Visible);
        Assert.Contains("INC-1", answer.Visible);
        Assert.Contains("checkout-api", answer.Visible);

        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        await Connector.WaitForAsync(c => c.Method == "PUT", what: "the resolved card");

        await Chat.SayAsync(Channel, "status");
        var clear = await Connector.WaitForAsync(c => c.Visible.Contains("All systems operational"), what: "the all-clear");
        Assert.NotNull(clear.ReplyToId);
    }

    [Fact]
    public async Task Incident_by_number_answers_with_its_card_and_unknown_numbers_get_help()
    {
        await Chat.AddBotAsync(Channel);
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        await Chat.SayAsync(Channel, "INC-1");
        var card = await Connector.WaitForAsync(c => c.ReplyToId is not null && c.Card is not null && c.Visible.Contains("Checkout API"), what: "the incident card");
        Assert.Contains("INC-1", card.Visible);

        await Chat.SayAsync(Channel, "incident 42");
        var missing = await Connector.WaitForAsync(c => c.Text.Contains("INC-42"), what: "the reply about INC-42");
        Assert.Contains("no incident INC-42", missing.Text);
        Assert.Contains("INC-1", missing.Text);
    }

    [Fact]
    public async Task Unsubscribed_channel_gets_no_briefing_and_other_channels_still_do()
    {
        const string other = "19:ops@thread.tacv2";
        await Chat.AddBotAsync(Channel);
        await Chat.AddBotAsync(other);
        await Chat.SayAsync(other, "unsubscribe here");
        await Connector.WaitForAsync(c => c.Text.Contains("no longer get outage briefings"), what: "the unsubscribe confirmation");

        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        await Connector.WaitForAsync(c => c.Method == "PUT", what: "the resolved card");

        Assert.All(Connector.Posts.Concat(Connector.Updates), c => Assert.Equal(Channel, c.ConversationId));
    }

    [Fact]
    public async Task Help_and_unknown_text_get_helpful_replies()
    {
        await Chat.SayAsync(Channel, "help");
        var help = await Connector.WaitForAsync(c => c.Text.Contains("Here is what I understand"), what: "help");
        Assert.Contains("status", help.Text);
        Assert.Contains("incident 42", help.Text);

        await Chat.SayAsync(Channel, "make me a sandwich");
        var unknown = await Connector.WaitForAsync(c => c.Text.Contains("didn't understand"), what: "the reply to unknown text");
        Assert.Contains("make me a sandwich", unknown.Text);
        Assert.Contains("help", unknown.Text);
    }
}
