using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// A roll-up is rendered from what it keeps of each incident (number, severity, state, title as redacted, service),
/// written at each change it shows, not from every incident read whole at each send. So whichever of two instances
/// changes an incident on it, by webhook or by on-call's command, the card shows it; and it resolves when all have.
/// </summary>
public sealed class MajorEventLinesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Olga = "29:olga";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task The_roll_up_shows_what_either_instance_changed_and_resolves_when_all_its_incidents_have()
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        settings["Storm:Threshold"] = "2";
        settings["OnCall:Engineers:0"] = Olga;
        await using var first = new BotApp(settings);
        await using var second = new BotApp(settings);
        var http = new[] { first.CreateClient(), second.CreateClient() };
        var chat = new[] { new BotClient(http[0], _connector.Url), new BotClient(http[1], _connector.Url) };
        await chat[0].AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        string Summary(int i) => i == 4 ? "Storm alert 4 reported by jane.doe@example.com" : $"Storm alert {i}";
        for (var i = 1; i <= 2; i++)
            Assert.True((await http[0].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(Summary(i)))).IsSuccessStatusCode);
        await Poll.UntilAsync(() => Task.FromResult(_connector.Posts.Count(c => c.Card is not null) == 2), "the first two own cards");
        for (var i = 3; i <= 6; i++)
            Assert.True((await http[i % 2].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(Summary(i)))).IsSuccessStatusCode);

        var rollUp = await _connector.WaitForAsync(c => c is { Method: "POST" } && c.Visible.Contains("Major event"), Wait, "the roll-up card");
        var all = await _connector.WaitForNewestAsync(rollUp, "Major event: 4 incidents", Wait, "incidents 3 to 6 on the roll-up");
        Assert.Contains("Storm alert 4 reported by [email]", all.Visible);
        Assert.DoesNotContain("jane.doe", all.Visible);

        await chat[1].SayAsync(Channel, "<at>SupportBot</at> severity INC-5 minor", userId: Olga, userName: "Olga Oncall");
        await _connector.WaitForNewestAsync(rollUp, "INC-5 · MINOR · Investigating", Wait, "the severity set on the second instance");
        await chat[0].SayAsync(Channel, "<at>SupportBot</at> update INC-3 identified: failover in progress", userId: Olga, userName: "Olga Oncall");
        var changed = await _connector.WaitForNewestAsync(rollUp, "INC-3 · CRITICAL · Identified", Wait, "the update made on the first instance");
        Assert.Contains("INC-5 · MINOR · Investigating", changed.Visible);

        for (var i = 3; i <= 5; i++)
            Assert.True((await http[i % 2].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(Summary(i), resolved: true))).IsSuccessStatusCode);
        var three = await _connector.WaitForNewestAsync(rollUp, "1 open, 3 resolved", Wait, "three of four resolved");
        Assert.DoesNotContain("All 4 resolved", three.Visible);
        Assert.True((await http[1].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(Summary(6), resolved: true))).IsSuccessStatusCode);
        await _connector.WaitForNewestAsync(rollUp, "All 4 resolved", Wait, "the roll-up resolved");
        Assert.Single(_connector.Posts, c => c.Visible.Contains("Major event"));
    }
}
