using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// A storm fed to two instances on one Redis at once: whether the channel is in a storm is decided in Redis, so the
/// channel gets five cards and one roll-up, not a roll-up (or five cards) from each instance.
/// </summary>
public sealed class MajorEventTwoInstancesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Two_instances_share_one_storm_and_one_roll_up_card()
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        settings["Storm:Threshold"] = "5";
        await using var first = new BotApp(settings);
        await using var second = new BotApp(settings);
        var http = new[] { first.CreateClient(), second.CreateClient() };
        await new BotClient(http[0], _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            http[i % 2].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}"))));
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode));

        var rollUp = await _connector.WaitForAsync(c => c is { Method: "POST" } && c.Visible.Contains("Major event"), TimeSpan.FromSeconds(60), "the roll-up card");
        await _connector.WaitForNewestAsync(rollUp, "Major event: 7 incidents", TimeSpan.FromSeconds(60), "all seven incidents on the roll-up");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // The five own cards and the roll-up are queued by two instances at once: they arrive in any order.
        while (_connector.Posts.Count(c => c.Card is not null) < 6)
        {
            Assert.True(DateTime.UtcNow < deadline, "cards so far: " + string.Join("; ", _connector.Posts));
            await Task.Delay(100);
        }
        var cards = _connector.Posts.Where(c => c.Card is not null).ToList();
        Assert.Equal(6, cards.Count);
        Assert.Single(cards, c => c.Visible.Contains("Major event"));
    }
}
