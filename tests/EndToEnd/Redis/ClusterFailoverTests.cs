using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Storage;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>Two bot instances on a 3-primary Redis Cluster, and the primary holding the incidents failing over mid-storm.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterFailoverTests(RedisCluster cluster) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider[] _logs = [new(LogLevel.Information, "[bot 1] ", stamped: true), new(LogLevel.Information, "[bot 2] ", stamped: true)];
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_storm_through_a_primary_failover_loses_nothing_and_leaves_every_card_final_and_posted_once()
    {
        var settings = Settings(cluster.Settings(RedisServer.NewPrefix()));
        // StackExchange.Redis's own look at the cluster's topology is an hour away: the bot has to notice the promoted
        // primary itself (without that, every write to its slots failed until the next look, a minute by default).
        settings["ConnectionStrings:Redis"] += ",configCheckSeconds=3600";
        // No instance dies here: on a loaded machine a slow send must neither be taken over nor timed out and sent again.
        settings["Outbox:Lease"] = "00:00:45";
        settings["Outbox:SendTimeout"] = "00:00:20";
        await using var first = new BotApp(settings, services => services.AddSingleton<ILoggerProvider>(_logs[0]));
        await using var second = new BotApp(settings, services => services.AddSingleton<ILoggerProvider>(_logs[1]));
        var http = new[] { first.CreateClient(), second.CreateClient() };
        foreach (var client in http) await WaitUntilReadyAsync(client);
        await new BotClient(http[0], _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        var incidentsPrimary = await cluster.PrimaryOfAsync("{incidents}");
        var replica = await cluster.ReplicaOfAsync(incidentsPrimary);
        var storm = new AlertStorm(30);
        Task? failover = null;
        await storm.SendAsync([() => http[0], () => http[1]], afterEach: sent =>
        {
            if (sent == 15) failover = cluster.FailoverAsync(replica);
            return Task.CompletedTask;
        });
        await failover!;

        Assert.Equal(replica, await cluster.PrimaryOfAsync("{incidents}"));
        var outcome = await storm.CheckAsync(http[1], _connector, TimeSpan.FromSeconds(120));
        Assert.True(outcome is { Lost: 0, Duplicated: 0, CardsPostedTwice: 0, CardsNotFinal: 0 },
            outcome + "\nOutbox: " + await http[1].GetStringAsync("/api/admin/outbox") + "\n" + StormOutcome.LogAbout([outcome], _logs.SelectMany(l => l.Lines)));
    }

    /// <summary>Until the bot's multiplexer has found the cluster's primaries it answers 503 (readiness says when).</summary>
    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(await client.GetAsync("/readyz")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The bot never became ready on the cluster.");
            await Task.Delay(200);
        }
    }
}
