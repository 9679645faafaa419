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
