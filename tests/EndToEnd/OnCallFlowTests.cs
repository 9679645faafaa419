using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>On-call runs an incident from a Teams channel over real HTTP; every support channel sees it at once.</summary>
public sealed class OnCallFlowTests : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private const string OnCallChannel = "19:sre-oncall@thread.tacv2";
    private const string Olga = "29:olga";
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;
    private BotClient _chat = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(new Dictionary<string, string?>
        {
            ["OnCall:Engineers:0"] = Olga,
            ["OnCall:Engineers:1"] = "sam@contoso.com",
            ["OnCall:TeamsChannelId"] = OnCallChannel,
            ["OnCall:ReminderInterval"] = "00:30:00",
            ["OnCall:ReminderCheckInterval"] = "00:01:00",
            // The clock jumps half an hour below: a send in flight must not be cut off by it and then posted again.
            ["Outbox:SendTimeout"] = "01:00:00",
            ["Outbox:Lease"] = "03:00:00",
        }, services => services.Replace<TimeProvider>(_time));
        _http = _bot.CreateClient();
        _chat = new BotClient(_http, _connector.Url);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private async Task<ConnectorCall> BriefingPostedAsync()
    {
        await _chat.AddBotAsync(Channel);
        var firing = await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);
        return await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Card is not null, what: "the briefing card");
    }

    private string Thread(ConnectorCall card) => $"{Channel};messageid={card.ActivityId}";

    [Fact]
    public async Task Update_by_on_call_updates_the_card_in_place_and_posts_in_its_thread()
    {
        var card = await BriefingPostedAsync();
        Assert.Contains("Acknowledge", card.Visible);

        await _chat.SayAsync(Channel, "<at>SupportBot</at> update INC-1 identified: failover of the primary DB in progress", userId: Olga, userName: "Olga Oncall");

        var put = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("failover of the primary DB"), what: "the updated card");
        Assert.Equal(card.ActivityId, put.ActivityId);
        Assert.Contains("Identified", put.Visible);
        Assert.Contains("Olga Oncall", put.Visible); // acknowledged by posting

        var threaded = await _connector.WaitForAsync(c => c.ConversationId == Thread(card), what: "the threaded update");
        Assert.Equal("POST", threaded.Method);
        Assert.Null(threaded.ReplyToId);
        Assert.Contains("Identified: failover of the primary DB in progress", threaded.Text);
        Assert.Contains("Olga Oncall", threaded.Text);

        var answer = await _connector.WaitForAsync(c => c.Text.Contains("Posted your update"), what: "the answer to Olga");
        Assert.Equal(Channel, answer.ConversationId);
    }

    [Fact]
    public async Task A_rep_trying_to_resolve_is_told_who_can_and_nothing_changes()
    {
        await BriefingPostedAsync();

        await _chat.SayAsync(Channel, "resolve 1", userId: "29:rita", userName: "Rita Rep");

        var refusal = await _connector.WaitForAsync(c => c.Text.Contains("only on-call engineers"), what: "the refusal");
        Assert.Contains("Sorry Rita, only on-call engineers can resolve incidents", refusal.Text);
        Assert.Contains("sam@contoso.com", refusal.Text);
        Assert.Contains("members of the on-call channel", refusal.Text);
        Assert.Empty(_connector.Updates);
        Assert.DoesNotContain(_connector.Calls, c => c.ConversationId.Contains(";messageid="));
    }

    [Fact]
    public async Task Members_of_the_on_call_channel_and_listed_emails_are_on_call()
    {
        var card = await BriefingPostedAsync();
        _connector.AddMember(OnCallChannel, "29:nina", "Nina Newhire");
        _connector.AddMember(Channel, "29:sam", "Sam Sre", email: "Sam@Contoso.com");

        await _chat.SayAsync(Channel, "ack 1", userId: "29:nina", userName: "Nina Newhire");
        await _connector.WaitForAsync(c => c.Text.Contains("You acknowledged **INC-1**"), what: "Nina's ack");
        await _chat.SayAsync(Channel, "severity 1 major", userId: "29:sam", userName: "Sam Sre");
        await _connector.WaitForAsync(c => c.Text.Contains("is now major"), what: "Sam's severity change");

        var put = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("MAJOR"), what: "the card with the new severity");
        Assert.Equal(card.ActivityId, put.ActivityId);
        Assert.Contains("Nina Newhire", put.Visible);
    }

    [Fact]
    public async Task Universal_action_on_the_card_answers_with_the_updated_card_over_http()
    {
        var card = await BriefingPostedAsync();
        var invoke = _chat.Base(ActivityTypes.Invoke, Channel, "channel");
        invoke.Name = "adaptiveCard/action";
        invoke.From = new ChannelAccount(Olga, "Olga Oncall");
        invoke.ReplyToId = card.ActivityId;
        invoke.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb = "ack", data = new { verb = "ack", incident = "INC-1" } }, trigger = "manual" });

        var response = await _chat.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.Value<string>("type"));
        var updated = body["value"]!.ToString();
        Assert.Contains("Olga Oncall", updated);
        Assert.DoesNotContain("\"Acknowledge\"", updated);

        var put = await _connector.WaitForAsync(c => c.Method == "PUT", what: "the card updated in the channel too");
        Assert.Equal(card.ActivityId, put.ActivityId);
        var threaded = await _connector.WaitForAsync(c => c.ConversationId == Thread(card), what: "the threaded ack");
        Assert.Contains("Acknowledged by Olga Oncall", threaded.Text);
    }

    /// <summary>The Universal Actions contract: HTTP 200 whatever happened, the outcome in the body's statusCode.</summary>
    [Theory]
    // Data of the wrong type is refused at the door with a 400 problem that says which field (issue 13).
    [InlineData("{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"ack\",\"data\":\"garbage\"}}", 400)]
    [InlineData("{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"launch\",\"data\":{\"incident\":\"INC-1\"}}}", 200)]
    [InlineData("{\"trigger\":\"manual\"}", 400)]
    [InlineData("{\"action\":{\"type\":\"Action.Submit\",\"data\":{\"verb\":\"ack\",\"incident\":\"INC-1\"}}}", 400)]
    [InlineData("{\"action\":{\"type\":\"Action.OpenUrl\",\"url\":\"https://example.com\"}}", 400)]
    public async Task Malformed_universal_actions_get_a_clear_answer_not_a_server_error(string value, int status)
    {
        await BriefingPostedAsync();
        var invoke = _chat.Base(ActivityTypes.Invoke, Channel, "channel");
        invoke.Name = "adaptiveCard/action";
        invoke.From = new ChannelAccount(Olga, "Olga Oncall");
        invoke.Value = JObject.Parse(value);

        var response = await _chat.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, body.Value<int>("statusCode"));
        Assert.Equal(status == 200 ? "application/vnd.microsoft.activity.message" : "application/vnd.microsoft.error", body.Value<string>("type"));
        Assert.Empty(_connector.Updates);
    }

    [Fact]
    public async Task Submit_fallback_from_a_rep_gets_the_refusal_not_an_error()
    {
        var card = await BriefingPostedAsync();
        var submit = _chat.Base(ActivityTypes.Message, Channel, "channel");
        submit.From = new ChannelAccount("29:rita", "Rita Rep");
        submit.ReplyToId = card.ActivityId;
        submit.Value = JObject.FromObject(new { verb = "resolve", incident = "INC-1", confirm = true });

        var response = await _chat.SendAsync(submit);

        Assert.True(response.IsSuccessStatusCode);
        var refusal = await _connector.WaitForAsync(c => c.Text.Contains("only on-call"), what: "the answer to the button");
        Assert.Contains("Sorry Rita, only on-call engineers can resolve incidents", refusal.Text);
        Assert.Equal(submit.Id, refusal.ReplyToId);
        Assert.Empty(_connector.Updates);
    }

    [Fact]
    public async Task Silent_incident_gets_one_reminder_in_its_thread_mentioning_the_assignee()
    {
        var card = await BriefingPostedAsync();
        await _chat.SayAsync(Channel, "assign 1 me", userId: Olga, userName: "Olga Oncall");
        await _connector.WaitForAsync(c => c.Text.Contains("assigned to Olga Oncall"), what: "the assignment");
        // Let the outbox finish what it is sending before the clock jumps (its leases and pacing run on this clock).
        await _connector.WaitForAsync(c => c.ConversationId == Thread(card) && c.Text.Contains("Assigned to Olga Oncall"), what: "the assignment in the thread");

        // Minute by minute, as the scheduler's clock would run: each check sees the time it was woken for.
        for (var minute = 0; minute < 31; minute++) _time.Advance(TimeSpan.FromMinutes(1));

        var reminder = await WhileTimePassesAsync(c => c.ConversationId == Thread(card) && c.Text.Contains("no update for"), "the reminder");
        Assert.Contains("<at>Olga Oncall</at>", reminder.Text);
        var mention = reminder.Body["entities"]!.Single(e => e.Value<string>("type") == "mention");
        Assert.Equal(Olga, mention["mentioned"]!.Value<string>("id"));

        Assert.Contains("no update for 30m", reminder.Text); // one interval, counted from the last update (here: the opening)
        Assert.Single(_connector.Calls, c => c.Text.Contains("no update for"));
    }

    /// <summary>
    /// Waits for a call while the fake clock keeps moving a second at a time, as real time would: the outbox's send
    /// timeouts and retry backoff run on the same clock, and a send cut off by the jump above is retried when due.
    /// </summary>
    private async Task<ConnectorCall> WhileTimePassesAsync(Func<ConnectorCall, bool> match, string what)
    {
        for (var second = 0; second < 120; second++)
        {
            if (_connector.Calls.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(50);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        return await _connector.WaitForAsync(match, TimeSpan.FromSeconds(1), what);
    }

    [Fact]
    public async Task Manual_resolve_while_firing_asks_first_and_a_refiring_alert_reopens_the_same_card()
    {
        var card = await BriefingPostedAsync();
        await _chat.SayAsync(Channel, "resolve INC-1 restarted the pods", userId: Olga, userName: "Olga Oncall");
        await _connector.WaitForAsync(c => c.Text.Contains("still has 1 alert firing"), what: "the confirmation question");
        Assert.Empty(_connector.Updates);

        await _chat.SayAsync(Channel, "resolve INC-1 confirm restarted the pods", userId: Olga, userName: "Olga Oncall");
        await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("Resolved"), what: "the resolved card");
        await _connector.WaitForAsync(c => c.ConversationId == Thread(card) && c.Text.Contains("restarted the pods"), what: "the resolve in the thread");

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));

        // Seven messages went to the channel in this (held) second: Teams' limit. The reopening waits for the next one.
        var reopened = await WhileTimePassesAsync(c => c.Method == "PUT" && c.Visible.Contains("Investigating"), "the reopened card");
        Assert.Equal(card.ActivityId, reopened.ActivityId);
        Assert.Contains("INC-1", reopened.Visible);
        await WhileTimePassesAsync(c => c.ConversationId == Thread(card) && c.Text.Contains("Reopened"), "the reopening in the thread");
        Assert.Single(_connector.Posts, c => c.Card is not null);
    }
}
