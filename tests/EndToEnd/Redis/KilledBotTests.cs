using System.Net;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>The bot process killed with SIGKILL mid-incident: the next process carries on with the same cards.</summary>
public sealed class KilledBotTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task After_kill_9_the_next_process_sends_the_queued_update_and_keeps_updating_the_original_card()
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        await using var first = await BotProcess.StartAsync(settings);
        await new BotClient(first.Http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        await first.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        // The channel fails while a second alert joins the incident; the bot dies with the update still queued.
        _connector.Fault = _ => (503, null);
        var second = await first.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await first.KillAsync();
        _connector.Fault = null;

        await using var next = await BotProcess.StartAsync(settings);
        var update = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("2 firing of 2"), TimeSpan.FromSeconds(20),
            "the update queued before the kill");
        Assert.Equal(post.ActivityId, update.ActivityId);

        await next.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        var resolvedOne = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("1 firing of 2"), TimeSpan.FromSeconds(20),
            "the card with one of its two alerts resolved");
        Assert.Equal(post.ActivityId, resolvedOne.ActivityId);
        // A send timed out on a loaded machine is sent again with the same content: invisible in the channel, so not counted.
        var versionsShown = _connector.Updates.Select(u => u.Visible).Distinct().Count();
        Assert.True(2 == versionsShown, string.Join("\n", _connector.Calls) + "\n" + next.Output);
        Assert.Contains("1 firing of 2", _connector.Updates.Last().Visible);
        Assert.Single(_connector.Posts);
    }
}
