using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Two instances on one Redis share their tenant's budget: fed a burst over twenty channels of one tenant at once, both
/// send, and together they stay under the limit Teams enforces for the tenant (here 10 requests/s, far below what two
/// instances would send each on their own), with every channel's card at its final state.
/// </summary>
public sealed class TenantPacingTwoInstancesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const int PerSecond = 10;
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Two_instances_share_one_tenant_budget_and_every_card_ends_final()
    {
        var settings = Settings(redis, RedisServer.NewPrefix(), maxAttempts: 3);
        settings["Outbox:TenantRequestsPerSecond"] = PerSecond.ToString();
        await using var first = new BotApp(settings);
        await using var second = new BotApp(settings);
        var http = new[] { first.CreateClient(), second.CreateClient() };
        var channels = Enumerable.Range(1, 20).Select(i => $"19:shared-{i:D2}@thread.tacv2").ToList();
        for (var i = 0; i < channels.Count; i++)
            await new BotClient(http[i % 2], _connector.Url, tenantId: "contoso-tenant").AddBotAsync(channels[i]);
        await _connector.WaitForAsync(_ => _connector.Calls.Count >= channels.Count, TimeSpan.FromSeconds(60), "the greetings");
        var tenant = new TeamsTenantRateLimit(PerSecond);
        var perConversation = new TeamsRateLimit();
        _connector.Fault = call => tenant.Check(call) ?? perConversation.Check(call);

        var storm = new AlertStorm(6, "Shared burst");
        await storm.SendAsync([() => http[0], () => http[1]], parallel: 4);
        var outcome = await storm.CheckAsync(http[0], _connector, TimeSpan.FromMinutes(4), channels);

        Assert.True(outcome is { Lost: 0, Duplicated: 0, CardsPostedTwice: 0, CardsNotFinal: 0 }, outcome.ToString());
        Assert.Equal(0, tenant.Rejected);
        Assert.Equal(0, perConversation.Rejected);
        Assert.Empty(await DeadLetters.ListAsync(http[0]));
        foreach (var client in http) // each kept to the shared budget, not just one instance doing all the sending
            Assert.True((await MetricsScrape.FromAsync(client)).Sum("supportbot_outbox_messages_total", ("event", "sent")) > 0, "both instances sent cards");
    }
}
