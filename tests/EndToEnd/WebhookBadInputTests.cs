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
        Assert.Equal(0, incidents.GetArrayLength());
    }

    [Fact]
    public async Task Unknown_source_is_404()
    {
        var response = await _http.PostAsync("/api/webhooks/no-such-monitor", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("alertmanager", await response.Content.ReadAsStringAsync());
    }
}
