using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// Alertmanager re-sends an unchanged group byte for byte: the bot reads a repeated body from what it kept, but a repeat
/// must still mean exactly what the same body means the first time (nothing new while its incident says it, the
/// alert firing again once it resolved, the time of arrival for an alert that gives no start).
/// </summary>
public sealed class RepeatedWebhookTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly BotApp _bot;
    private readonly HttpClient _http;

    public RepeatedWebhookTests()
    {
        _bot = new BotApp(services: services => services.Replace<TimeProvider>(_time));
        _http = _bot.CreateClient();
    }

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task A_repeated_body_changes_nothing_until_its_incident_changed_then_does_what_it_says()
    {
        var firing = Encoding.UTF8.GetBytes(Fixtures.Text("alertmanager-firing.json"));

        Assert.Equal(["INC-1"], await PostAsync(firing));
        var timeline = (await IncidentAsync(1)).GetProperty("timeline").GetArrayLength();

        for (var i = 0; i < 3; i++) Assert.Empty(await PostAsync(firing));
        var unchanged = await IncidentAsync(1);
        Assert.True(unchanged.GetProperty("open").GetBoolean());
        Assert.Equal(timeline, unchanged.GetProperty("timeline").GetArrayLength());

        Assert.Equal(["INC-1"], await PostAsync(Encoding.UTF8.GetBytes(Fixtures.Text("alertmanager-resolved.json"))));
        Assert.False((await IncidentAsync(1)).GetProperty("open").GetBoolean());

        // The very bytes seen before: the alert fires again, and its incident with it.
        var changed = await PostAsync(firing);
        var again = Assert.Single(changed);
        Assert.True((await IncidentAsync(int.Parse(again["INC-".Length..]))).GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task An_alert_without_a_start_time_starts_when_its_body_arrives_each_time()
    {
        var firing = Body("firing");
        Assert.Equal(["INC-1"], await PostAsync(firing));
        Assert.Equal(["INC-1"], await PostAsync(Body("resolved")));

        // Long after (past flapping and reopening), the same body again: a new incident, started now.
        _time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(["INC-2"], await PostAsync(firing));
        var second = await IncidentAsync(2);
        Assert.Equal(Start.AddHours(3), second.GetProperty("startedAt").GetDateTimeOffset());

        static byte[] Body(string status) => Encoding.UTF8.GetBytes($$$"""
            {"version":"4","groupKey":"{}:{service=\"no-start\"}","status":"{{{status}}}","alerts":[
              {"status":"{{{status}}}","fingerprint":"no-start-1","labels":{"alertname":"Down","service":"no-start"},
               "annotations":{"summary":"no-start is down"}}]}
            """);
    }

    private async Task<List<string>> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var response = await _http.PostAsync("/api/webhooks/alertmanager", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        return receipt.GetProperty("changedIncidents").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private async Task<JsonElement> IncidentAsync(int number) => await _http.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}");
}
