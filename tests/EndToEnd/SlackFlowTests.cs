using System.Net;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>A Slack conversation (through the Azure Bot Service Slack channel) gets native Block Kit, updates and threads.</summary>
public sealed class SlackFlowTests : BotWithConnector
{
    private const string Conversation = "B0BOT:T0TEAM:C0SUPPORT";
    private const string Olga = "U0OLGA:T0TEAM";

    protected override BotApp CreateBot() => new(new Dictionary<string, string?> { ["OnCall:Engineers:0"] = "U0OLGA" });
    protected override string ChannelId => "slack";

    private async Task<ConnectorCall> BriefingPostedAsync()
    {
        await Chat.SayAsync(Conversation, "subscribe here", userId: "U0RITA:T0TEAM", userName: "rita");
        await Connector.WaitForAsync(c => c.Text.Contains("will now get outage briefings"), what: "the subscription");
        var firing = await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);
        return await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Body["channelData"] is not null, what: "the Slack briefing");
    }

    private static JObject Attachment(ConnectorCall call) => (JObject)call.Body["channelData"]!["attachments"]![0]!;

    [Fact]
    public async Task Briefing_is_native_block_kit_with_the_same_facts_colour_and_buttons()
    {
        var post = await BriefingPostedAsync();

        Assert.Null(post.Card);
        Assert.Equal(Conversation, post.ConversationId);
        var attachment = Attachment(post);
        Assert.Equal("#D13438", attachment.Value<string>("color"));
        var text = attachment["blocks"]!.ToString();
        Assert.Contains("INC-1 · CRITICAL · Investigating", text);
        Assert.Contains("Checkout API 5xx rate above 5%", text);
        Assert.Contains("checkout-api", text);
        Assert.Contains("2026-11-20 09:41 UTC", text);
        Assert.Contains("1 firing of 1", text);
        Assert.Contains("<https://runbooks.example.com/checkout/high-error-rate|", text);
        var buttons = attachment["blocks"]!.Single(b => b.Value<string>("type") == "actions")["elements"]!;
        Assert.Equal(["ack", "update", "resolve"], buttons.Select(b => b.Value<string>("action_id")));
        Assert.Contains("INC-1", post.Body["channelData"]!.Value<string>("text"));
    }

    [Fact]
    public async Task Update_from_slack_updates_the_message_and_posts_in_its_thread()
    {
        var post = await BriefingPostedAsync();

        await Chat.SayAsync(Conversation, "update 1 monitoring: fix deployed, error rate falling", userId: Olga, userName: "olga");

        var put = await Connector.WaitForAsync(c => c.Method == "PUT" && c.Body["channelData"]!.ToString().Contains("fix deployed"), what: "the updated Slack message");
        Assert.Equal(post.ActivityId, put.ActivityId);
        Assert.Contains("Monitoring", Attachment(put)["blocks"]!.ToString());

        var threaded = await Connector.WaitForAsync(c => c.Body["channelData"]?["thread_ts"] is not null, what: "the threaded update");
        Assert.Equal(post.ActivityId, threaded.Body["channelData"]!.Value<string>("thread_ts"));
        Assert.Equal(Conversation, threaded.ConversationId);
        Assert.Contains("Monitoring: fix deployed, error rate falling", threaded.Body["channelData"]!.Value<string>("text"));
    }

    [Fact]
    public async Task Slack_button_click_acknowledges_and_a_reps_click_is_refused()
    {
        var post = await BriefingPostedAsync();

        await Chat.SendAsync(ButtonClick("U0RITA:T0TEAM", "resolve", "INC-1 confirm"));
        await Connector.WaitForAsync(c => c.Text.Contains("only on-call engineers can resolve incidents"), what: "the refusal");

        await Chat.SendAsync(ButtonClick(Olga, "ack", "INC-1"));
        var put = await Connector.WaitForAsync(c => c.Method == "PUT", what: "the acknowledged Slack message");
        Assert.Equal(post.ActivityId, put.ActivityId);
        var blocks = Attachment(put)["blocks"]!;
        Assert.Contains("olga", blocks.ToString());
        Assert.DoesNotContain(blocks.Single(b => b.Value<string>("type") == "actions")["elements"]!, b => b.Value<string>("action_id") == "ack");
        Assert.Single(Connector.Updates);
    }

    [Fact]
    public async Task A_retried_update_is_sent_as_the_latest_version_still_in_block_kit()
    {
        var post = await BriefingPostedAsync();

        // Slack is briefly unavailable: the update waits in the outbox while the incident changes again, and the
        // retry sends the incident as it is by then, rendered at send time, for Slack.
        var slackDown = true;
        var refused = new SemaphoreSlim(0);
        Connector.Fault = call =>
        {
            if (!slackDown || call.Method != "PUT") return null;
            refused.Release();
            return (503, 0);
        };
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        Assert.True(await refused.WaitAsync(TimeSpan.FromSeconds(10)), "the update was never attempted");
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        slackDown = false;

        // Two alerts fired, one of them resolved.
        var put = await Connector.WaitForAsync(c => c.Method == "PUT", TimeSpan.FromSeconds(30), what: "the retried update");
        Assert.Equal(post.ActivityId, put.ActivityId);
        Assert.Null(put.Card);
        Assert.Contains("1 firing of 2", Attachment(put)["blocks"]!.ToString());
    }

    [Fact]
    public async Task Timeline_in_slack_is_block_kit()
    {
        await BriefingPostedAsync();
        await Chat.SayAsync(Conversation, "timeline INC-1", userId: "U0RITA:T0TEAM", userName: "rita");
        var timeline = await Connector.WaitForAsync(c => c.Body["channelData"]?["blocks"]?.ToString().Contains("INC-1 timeline") == true, what: "the timeline");
        Assert.Contains("Checkout API 5xx rate above 5%", timeline.Body["channelData"]!["blocks"]!.ToString());
    }

    [Fact]
    public async Task Status_and_incident_questions_in_slack_are_answered_natively()
    {
        await BriefingPostedAsync();
        await Chat.SayAsync(Conversation, "what's down?", userId: "U0RITA:T0TEAM", userName: "rita");
        var status = await Connector.WaitForAsync(c => c.Body["channelData"]?.ToString().Contains("1 open incident") == true, what: "the status answer");
        Assert.Null(status.Card);
        Assert.Equal("#D13438", Attachment(status).Value<string>("color"));
        Assert.Contains("INC-1", Attachment(status)["blocks"]!.ToString());

        await Chat.SayAsync(Conversation, "INC-1", userId: "U0RITA:T0TEAM", userName: "rita");
        var briefing = await Connector.WaitForAsync(c => c.ReplyToId is not null && c.Body["channelData"]?["attachments"]?[0]?["blocks"]?.ToString().Contains("INC-1 · CRITICAL") == true,
            what: "the incident answer");
        Assert.Null(briefing.Card);
    }

    private Activity ButtonClick(string userId, string actionId, string value)
    {
        // As the Slack channel forwards a block_actions interaction: no text, the Slack payload in channelData.
        var activity = Chat.Base(ActivityTypes.Message, Conversation, "channel");
        activity.From = new ChannelAccount(userId, userId == Olga ? "olga" : "rita");
        activity.ChannelData = JObject.FromObject(new
        {
            Payload = new
            {
                type = "block_actions",
                user = new { id = userId.Split(':')[0] },
                actions = new[] { new { type = "button", action_id = actionId, value, block_id = "b1" } },
            },
        });
        return activity;
    }
}
