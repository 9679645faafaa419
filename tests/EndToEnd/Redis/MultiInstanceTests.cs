using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>Several bot instances on one Redis, and instances that restart: one incident, one card, updated in place.</summary>
public sealed class MultiInstanceTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewPrefix();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Two_instances_fed_the_same_alert_at_once_open_one_incident_and_post_one_card()
    {
        await using var first = new BotApp(Settings(redis, _prefix));
        await using var second = new BotApp(Settings(redis, _prefix));
        var http = new[] { first.CreateClient(), second.CreateClient() };
        await new BotClient(http[0], _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            http[i % 2].PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");
        Assert.Contains("INC-1", post.Visible);
        foreach (var client in http)
        {
            var incidents = await client.GetFromJsonAsync<JsonElement>("/api/incidents");
            Assert.Equal("INC-1", Assert.Single(incidents.GetProperty("incidents").EnumerateArray()).GetProperty("id").GetString());
        }

        // Each conversation's messages go out in order: once the resolve's update is in, nothing queued before it is left.
        await http[1].PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        var update = await _connector.WaitForAsync(c => c.Method == "PUT", what: "the update of the card");
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Single(_connector.Posts);
        Assert.Single(_connector.Updates);
    }

    [Fact]
    public async Task A_restarted_bot_updates_the_card_it_posted_before_and_sends_what_was_still_queued()
    {
        var firstCard = await RunBotAsync(async (http, _) =>
        {
            await new BotClient(http, _connector.Url).AddBotAsync(Channel);
            await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
            return await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");
        });

        // The channel is down while the next alert comes in and the bot goes away: the card waits in Redis.
        _connector.Fault = _ => (503, null);
        await RunBotAsync(async (http, _) =>
        {
            var accepted = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments queue backing up"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            return 0;
        });
        _connector.Fault = null;

        await RunBotAsync(async (http, bot) =>
        {
            var queued = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Visible.Contains("Payments queue backing up"),
                what: "the card queued before the restart");
            Assert.Contains("INC-2", queued.Visible);

            await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
            var update = await _connector.WaitForAsync(c => c.Method == "PUT", what: "the update of the first card");
            Assert.Equal(firstCard.ActivityId, update.ActivityId);
            Assert.Contains("INC-1", update.Visible);
            Assert.Contains("Resolved after 26m 42s", update.Visible);
            return 0;
        });

        Assert.Equal(2, _connector.Posts.Count);
        Assert.Single(_connector.Updates);
    }

    private async Task<T> RunBotAsync<T>(Func<HttpClient, BotApp, Task<T>> run)
    {
        await using var bot = new BotApp(Settings(redis, _prefix));
        return await run(bot.CreateClient(), bot);
    }
}
