using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Telemetry;

/// <summary>GET /metrics as Prometheus scrapes it: the counters an operator watches move when the bot works.</summary>
public sealed class MetricsEndpointTests
{
    private const string WebhookToken = ProductionSettings.WebhookToken;

    private static BotApp Bot(string environment = "Development", Dictionary<string, string?>? extra = null)
    {
        // Development without an admin token: the internal endpoints, /metrics among them, are open.
        var settings = environment == "Development"
            ? new Dictionary<string, string?> { ["Webhooks:Auth:Scheme"] = "Bearer", ["Webhooks:Auth:Token"] = WebhookToken }
            : ProductionSettings.With(extra);
        if (environment == "Development") foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new BotApp(settings, environment: environment);
    }

    private static Task<HttpResponseMessage> PostAlertAsync(HttpClient http, string body, string? token = WebhookToken, string source = "alertmanager")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task Webhooks_are_counted_by_source_and_outcome_with_the_reason_of_a_rejection()
    {
        await using var bot = Bot();
        var http = bot.CreateClient();
        var firing = Fixtures.Text("alertmanager-firing.json");

        Assert.Equal(HttpStatusCode.Accepted, (await PostAlertAsync(http, firing)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAlertAsync(http, firing, token: "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAlertAsync(http, firing, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAlertAsync(http, "{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAlertAsync(http, firing, source: "made-up-<script>")).StatusCode);

        var scrape = await MetricsScrape.FromAsync(http);
        const string name = "supportbot_webhooks_received_total";
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "accepted")));
        Assert.Equal(2, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "unauthorized")));
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "rejected"), ("reason", "body_is_not_valid_json")));
        Assert.Equal(1, scrape.Sum(name, ("source", "unknown"), ("outcome", "rejected"), ("reason", "unknown_source")));
        Assert.DoesNotContain("made-up", scrape.Text);
        Assert.Contains("# TYPE supportbot_webhooks_received_total counter", scrape.Text);
        Assert.Contains("process_cpu_seconds_total", scrape.Text);
    }

    [Fact]
    public async Task After_a_webhook_and_a_chat_turn_the_incident_outbox_and_chat_counters_have_moved()
    {
        const string channel = "19:support-general@thread.tacv2";
        await using var connector = await ConnectorStandIn.StartAsync();
        // The channel throttles the first card once: the outbox retries it after Retry-After.
        var throttled = 0;
        connector.Fault = call => call.Card is not null && Interlocked.Increment(ref throttled) == 1 ? (429, 1) : null;
        await using var bot = Bot(extra: new() { ["Outbox:BaseDelay"] = "00:00:00.050" });
        var http = bot.CreateClient();
        var chat = new BotClient(http, connector.Url);
        await chat.AddBotAsync(channel);
        await connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        var before = await MetricsScrape.FromAsync(http);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAlertAsync(http, Fixtures.Text("alertmanager-firing.json"))).StatusCode);
        await connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null, Card: not null }, what: "the briefing, after the 429");
        Assert.Equal(2, Volatile.Read(ref throttled)); // refused once, then taken
        await chat.SayAsync(channel, "status");
        await connector.WaitForAsync(c => c.ReplyToId is not null && c.Card is not null, what: "the status card");

        var after = await MetricsScrape.FromAsync(http);
        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(1, Moved("supportbot_webhooks_received_total", ("source", "alertmanager"), ("outcome", "accepted")));
        Assert.Equal(1, Moved("supportbot_incidents_total", ("event", "opened")));
        Assert.True(Moved("supportbot_alerts_received_total", ("status", "firing")) >= 1);
        Assert.Equal(1, after.Sum("supportbot_open_incidents", ("severity", "critical")));
        Assert.Equal(1, Moved("supportbot_outbox_messages_total", ("event", "queued")));
        Assert.Equal(1, Moved("supportbot_outbox_messages_total", ("event", "retried")));
        Assert.Equal(1, Moved("supportbot_outbox_throttled_total"));
        Assert.Equal(1, Moved("supportbot_outbox_messages_total", ("event", "sent")));
        Assert.Equal(1, Moved("supportbot_outbox_queue_to_sent_seconds_count"));
        Assert.True(Moved("supportbot_outbox_queue_to_sent_seconds_sum") >= 1, "the card waited at least the 1 s Retry-After");
        Assert.Equal(0, after.Sum("supportbot_outbox_pending_messages"));
        Assert.Equal(1, after.Sum("supportbot_chat_turns_total", ("skill", "welcome")));
        Assert.Equal(1, Moved("supportbot_chat_turns_total", ("skill", "status")));
        Assert.Equal(1, Moved("supportbot_chat_turn_duration_seconds_count", ("skill", "status")));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAlertAsync(http, Fixtures.Text("alertmanager-resolved.json"))).StatusCode);
        var resolved = await MetricsScrape.FromAsync(http);
        Assert.Equal(1, resolved.Sum("supportbot_incidents_total", ("event", "resolved")));
        Assert.Equal(1, resolved.Sum("supportbot_alerts_received_total", ("status", "resolved")));
        Assert.Equal(0, resolved.Sum("supportbot_open_incidents"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-token", HttpStatusCode.Unauthorized)]
    [InlineData(ProductionSettings.AdminToken, HttpStatusCode.OK)]
    public async Task Outside_Development_metrics_answer_only_the_admin_token(string? token, HttpStatusCode expected)
    {
        await using var bot = Bot("Production");
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await bot.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK) Assert.Contains("supportbot_webhooks_received_total", body);
        else
        {
            Assert.DoesNotContain("supportbot_", body);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task With_a_management_port_metrics_are_served_there_and_not_on_the_bots_port()
    {
        var port = Loopback.FreePort();
        await using var bot = Bot("Production", new() { ["Metrics:Port"] = port.ToString(), ["Metrics:Host"] = "127.0.0.1" });
        var http = bot.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAlertAsync(http, Fixtures.Text("alertmanager-firing.json"))).StatusCode);

        using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var scrape = await MetricsScrape.FromAsync(prometheus);

        Assert.Equal(1, scrape.Sum("supportbot_webhooks_received_total", ("outcome", "accepted")));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }
}
