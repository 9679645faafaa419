using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>Redis restarts while the bot runs: the bot reconnects, and nothing it acknowledged with a 2xx is lost.</summary>
public sealed class RedisRestartTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(Settings(redis, RedisServer.NewPrefix()));
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Bot_reconnects_after_a_Redis_restart_and_loses_nothing_it_acknowledged()
    {
        await new BotClient(_http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        // The channel is unreachable, so the acknowledged card can only be in Redis when Redis goes down.
        _connector.Fault = _ => (503, null);
        var firing = await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);

        await redis.StopAsync();
        var whileDown = await _http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Search latency high"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal("application/problem+json", whileDown.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(whileDown.Headers.RetryAfter);
        await redis.StartAsync();
        _connector.Fault = null;

        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, TimeSpan.FromSeconds(30), "the card acknowledged before the restart");
        Assert.Contains("INC-1", post.Visible);
        var resolved = await SendUntilAcceptedAsync(() => Fixtures.Json("alertmanager-resolved.json"));
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        var update = await _connector.WaitForAsync(c => c.Method == "PUT", TimeSpan.FromSeconds(30), "the update of the card");
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Single(_connector.Posts);
        var incident = await _http.GetFromJsonAsync<JsonElement>("/api/incidents/INC-1");
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rep_asking_while_Redis_is_down_is_told_so_and_answered_again_once_it_is_back()
    {
        var chat = new BotClient(_http, _connector.Url);
        await chat.AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);

        await redis.StopAsync();
        var whileDown = await chat.AskAsync(Channel, "incident 1");
        var told = await _connector.WaitForAsync(c => c.ReplyToId == whileDown, TimeSpan.FromSeconds(30), "the answer while Redis is down");
        Assert.Contains("can't reach my incident store", told.Text);
        Assert.Contains("ask again", told.Text);

        await redis.StartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var asked = await chat.AskAsync(Channel, "incident 1");
            var answer = await _connector.WaitForAsync(c => c.ReplyToId == asked, TimeSpan.FromSeconds(30), "the answer after Redis is back");
            if (!answer.Text.Contains("incident store", StringComparison.Ordinal))
            {
                Assert.Contains("INC-1", answer.Visible);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the bot still says its store is unreachable a minute after Redis came back");
            await Task.Delay(500);
        }
    }

    /// <summary>As Alertmanager does: a 5xx is sent again.</summary>
    private async Task<HttpResponseMessage> SendUntilAcceptedAsync(Func<HttpContent> body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await _http.PostAsync("/api/webhooks/alertmanager", body());
            if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline) return response;
            await Task.Delay(200);
        }
    }
}
