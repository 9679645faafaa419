using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// A storm fed to two instances on one Redis at once: whether the channel is in a storm is decided in Redis, so the
/// channel gets at most five cards and one roll-up with the rest, not a roll-up (or five cards) from each instance.
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
        // The first five incidents' own cards and the roll-up are queued by two instances at once: an own card that had not
        // reached the channel when the sixth incident began the storm is not posted, its incident is on the roll-up instead.
        await OutboxDrain.WaitUntilSentAsync(TimeSpan.FromSeconds(60), first, second);
        var cards = _connector.Posts.Where(c => c.Card is not null).ToList();
        var own = cards.Where(c => !c.Visible.Contains("Major event")).ToList();
        Assert.InRange(own.Count, 0, 5);
        Assert.Single(cards, c => c.Visible.Contains("Major event"));
        var newest = _connector.Newest(rollUp).Visible;
        Assert.Contains($"Major event: {12 - own.Count} incidents", newest);
        foreach (var card in own)
        {
            var id = System.Text.RegularExpressions.Regex.Match(card.Visible, @"INC-\d+").Value;
            Assert.DoesNotContain($"{id} ·", newest); // never on its own card and on the roll-up
        }
    }
}
