using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

public sealed class WebhookBadInputTests : IClassFixture<WebhookBadInputTests.Bot>
{
    public sealed class Bot : IDisposable
    {
        public BotApp App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private readonly HttpClient _http;

    public WebhookBadInputTests(Bot bot) => _http = bot.App.CreateClient();

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[1,2,3]", "JSON object")]
    [InlineData("{\"receiver\":\"x\"}", "'alerts'")]
    [InlineData("{\"alerts\":[]}", "empty")]
    [InlineData("{\"alerts\":[{\"status\":\"exploded\",\"labels\":{\"alertname\":\"X\"}}]}", "'status' must be 'firing' or 'resolved'")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\"}]}", "'labels'")]
    public async Task Bad_payload_gets_400_with_a_reason_and_stores_nothing(string body, string reason)
    {
        var response = await _http.PostAsync("/api/webhooks/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, problem, StringComparison.OrdinalIgnoreCase);
        var incidents = await _http.GetFromJsonAsync<JsonElement>("/api/incidents");
        Assert.Equal(0, incidents.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_source_is_404()
    {
        var response = await _http.PostAsync("/api/webhooks/no-such-monitor", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("alertmanager", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Body_that_is_not_declared_json_is_415(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.Text("alertmanager-firing.json")));
        if (contentType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await _http.PostAsync("/api/webhooks/alertmanager", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var huge = "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + new string('x', 16 * 1024 * 1024) + "\"}}]}";
        var response = await _http.PostAsync("/api/webhooks/alertmanager", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("16777216 bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_source_is_a_problem_naming_the_known_ones()
    {
        var response = await _http.PostAsync("/api/webhooks/pagerduty", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Known sources: alertmanager, azure-monitor, datadog, grafana, nagios, zabbix.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Valid_alerts_of_a_batch_are_taken_and_the_invalid_one_is_named()
    {
        // A bot of its own: this test stores an incident, the others assert that nothing is stored.
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        var batch = Fixtures.Text("alertmanager-firing-two.json");
        var payload = System.Text.Json.Nodes.JsonNode.Parse(batch)!;
        payload["alerts"]![1]!["status"] = "exploded";
        var response = await http.PostAsync("/api/webhooks/alertmanager", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(receipt.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Contains("'exploded'", rejected.GetProperty("reason").GetString());
        var incident = await http.GetFromJsonAsync<JsonElement>("/api/incidents/" + receipt.GetProperty("changedIncidents")[0].GetString());
        Assert.Equal(1, incident.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task The_receipt_is_json_of_its_declared_length_and_carries_a_hostile_status_back_escaped()
    {
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Text("alertmanager-firing-two.json"))!;
        const string hostile = "<script>alert('x')</script> & \"é\u2028";
        payload["alerts"]![1]!["status"] = hostile;
        var response = await http.PostAsync("/api/webhooks/alertmanager", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var raw = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(raw.Length, response.Content.Headers.ContentLength);
        // Markup characters never reach a client unescaped, whatever renders the receipt.
        var text = Encoding.UTF8.GetString(raw);
        Assert.DoesNotContain("<script>", text);
        Assert.DoesNotContain("'x'", text);

        var receipt = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(receipt.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Contains(hostile, rejected.GetProperty("reason").GetString());
        Assert.Equal("INC-1", Assert.Single(receipt.GetProperty("changedIncidents").EnumerateArray()).GetString());
    }

    [Theory]
    [InlineData("grafana", "grafana-1-firing.json", "\"status\": \"firing\",\n      \"labels\"", "\"status\": \"pending\",\n      \"labels\"", "'status' must be 'firing' or 'resolved', not 'pending'")]
    [InlineData("datadog", "datadog-1-triggered.json", "\"alert_transition\": \"Triggered\"", "\"alert_transition\": \"Exploded\"", "'alert_transition' 'Exploded' is not a Datadog transition")]
    [InlineData("datadog", "datadog-1-triggered.json", "\"alert_transition\": \"Triggered\",", "", "'alert_transition' is missing")]
    [InlineData("azure-monitor", "azure-monitor-1-fired.json", "\"Fired\"", "\"Firing\"", "'data.essentials.monitorCondition' must be 'Fired' or 'Resolved', not 'Firing'")]
    [InlineData("azure-monitor", "azure-monitor-1-fired.json", "azureMonitorCommonAlertSchema", "Microsoft.Insights/activityLogs", "only the common alert schema")]
    [InlineData("zabbix", "zabbix-1-problem.json", "\"event_value\": \"1\"", "\"event_value\": \"{EVENT.VALUE}\"", "'event_value' must be 1 (problem) or 0 (recovery), not '{EVENT.VALUE}'")]
    [InlineData("zabbix", "zabbix-1-problem.json", "\"event_id\": \"913377\",", "", "'event_id' ({EVENT.ID}) is missing")]
    [InlineData("nagios", "nagios-1-problem.json", "\"PROBLEM\"", "\"EXPLOSION\"", "'notification_type' 'EXPLOSION' is not a Nagios notification type")]
    [InlineData("nagios", "nagios-1-problem.json", "\"service_state\": \"CRITICAL\"", "\"service_state\": \"ON FIRE\"", "'service_state' 'ON FIRE' is not a service state")]
    public async Task Each_source_names_the_field_that_is_wrong(string source, string fixture, string find, string replace, string reason)
    {
        var body = Fixtures.Text(fixture);
        Assert.Contains(find, body);
        var response = await _http.PostAsync($"/api/webhooks/{source}", new StringContent(body.Replace(find, replace), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetRawText().Replace("\\u0027", "'"));
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("/api/incidents")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_or_nest_too_deep_are_400()
    {
        var notUtf8 = new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]);
        notUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/api/webhooks/alertmanager", notUtf8)).StatusCode);

        var deep = new string('[', 5000) + new string(']', 5000);
        var response = await _http.PostAsync("/api/webhooks/grafana", new StringContent(deep, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("depth", await response.Content.ReadAsStringAsync());
    }
}
