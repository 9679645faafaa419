using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Two bot instances connected through Redis Sentinel (`ConnectionStrings:Redis` = the sentinels plus `serviceName=`)
/// with `Redis:WaitForReplicas=1`, an alert storm, and the primary failing over mid-storm, gracefully and killed.
/// </summary>
public sealed class SentinelFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider[] _logs = [new(LogLevel.Information, "[bot 1] ", stamped: true), new(LogLevel.Information, "[bot 2] ", stamped: true)];
    private ConnectorStandIn _connector = null!;
    private RedisSentinel _redis = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _redis = await RedisSentinel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _connector.DisposeAsync();
    }

    /// <summary>
    /// One storm with two failovers in every test run; SUPPORTBOT_FAILOVER_ROUNDS=5 runs five storms of 20 alerts with
    /// two failovers each (ten failovers), the figures README.md reports (each storm's outcome is written to the test output).
    /// </summary>
    [Fact]
    public async Task Graceful_failovers_there_and_back_mid_storm_lose_nothing_and_leave_every_card_final_and_posted_once()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FAILOVER_ROUNDS"), out var r) && r > 0 ? r : 1;
        var (first, second) = await StartTwoBotsAsync();
        await using var _ = first;
        await using var __ = second;
        var http = new[] { first.CreateClient(), second.CreateClient() };
        var original = await _redis.PrimaryAsync();

        var outcomes = new List<StormOutcome>();
        for (var round = 1; round <= rounds; round++)
        {
            var storm = new AlertStorm(rounds == 1 ? 30 : 20, $"Storm {round} alert");
            Task? failovers = null;
            await storm.SendAsync([() => http[0], () => http[1]], afterEach: sent =>
            {
                // There and back: each promoted replica takes over what the old primary acknowledged.
                if (sent == (rounds == 1 ? 10 : 6)) failovers = Task.Run(async () => { await _redis.FailoverAsync(); await _redis.FailoverAsync(); });
                return Task.CompletedTask;
            });
            await failovers!;
            Assert.Equal(original, await _redis.PrimaryAsync());
            var outcome = await storm.CheckAsync(http[round % 2], _connector, TimeSpan.FromSeconds(120));
            output.WriteLine($"Storm {round} of {rounds} (two SENTINEL FAILOVERs, WaitForReplicas={WaitForReplicas}): {outcome}");
            outcomes.Add(outcome);
        }

        output.WriteLine($"Total over {2 * rounds} failovers: {outcomes.Sum(o => o.Alerts)} alerts, {outcomes.Sum(o => o.Lost)} incidents lost, " +
                         $"{outcomes.Sum(o => o.Duplicated)} duplicated, {outcomes.Sum(o => o.CardsPostedTwice)} cards posted twice, {outcomes.Sum(o => o.CardsNotFinal)} cards not final");
        Assert.True(outcomes.All(o => o is { Lost: 0, Duplicated: 0, CardsPostedTwice: 0, CardsNotFinal: 0 }),
            string.Join("\n", outcomes) + "\nOutbox: " + await http[1].GetStringAsync("/api/admin/outbox") + "\n" + StormOutcome.LogAbout(outcomes, _logs.SelectMany(l => l.Lines)));
    }

    [Fact]
    public async Task A_primary_killed_mid_storm_gets_webhooks_503_until_the_replica_takes_over_then_everything_resumes()
    {
        var (first, second) = await StartTwoBotsAsync();
        await using var _ = first;
        await using var __ = second;
        var http = new[] { first.CreateClient(), second.CreateClient() };

        var storm = new AlertStorm(30);
        Task<HttpResponseMessage>? whileDown = null;
        Task? recovery = null;
        await storm.SendAsync([() => http[0], () => http[1]], afterEach: async sent =>
        {
            if (sent != 15) return;
            var dead = await _redis.KillPrimaryAsync();
            // Right after the kill nothing can hold a write: the webhook is refused, with when to try again.
            whileDown = http[0].PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Sent while Redis fails over"));
            recovery = Task.Run(async () =>
            {
                await whileDown;
                await _redis.WaitForPromotionAsync(dead, TimeSpan.FromSeconds(60));
                // The killed server comes back as the new primary's replica, so WAIT 1 confirms again.
                await _redis.RestartAsReplicaAsync(dead);
            });
        });
        await recovery!;

        var refused = await whileDown!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(storm.Resent > 0, "the storm's webhooks met the outage too");

        // As Alertmanager does: the refused webhook is sent again, and now it is taken, once.
        var resent = await SendUntilAcceptedAsync(http[1], () => AlertmanagerPayload.For("Sent while Redis fails over"));
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var outcome = await storm.CheckAsync(http[0], _connector, TimeSpan.FromSeconds(120));
        Assert.True(outcome is { Lost: 0, Duplicated: 0, CardsPostedTwice: 0, CardsNotFinal: 0 },
            outcome + "\nOutbox: " + await http[0].GetStringAsync("/api/admin/outbox"));
        var incidents = await http[0].GetStringAsync("/api/incidents?limit=200");
        Assert.Single(Regex.Matches(incidents, "Sent while Redis fails over"));
    }

    /// <summary>1; SUPPORTBOT_FAILOVER_WAIT_FOR_REPLICAS=0 measures the default setting (README reports both).</summary>
    private static string WaitForReplicas => Environment.GetEnvironmentVariable("SUPPORTBOT_FAILOVER_WAIT_FOR_REPLICAS") ?? "1";

    private async Task<(BotApp, BotApp)> StartTwoBotsAsync()
    {
        var settings = Settings(_redis.Settings(RedisServer.NewPrefix()));
        settings["Redis:WaitForReplicas"] = WaitForReplicas;
        settings["Redis:WaitTimeout"] = "00:00:02";
        // No instance dies here: on a loaded machine a slow send must neither be taken over nor timed out and sent again.
        settings["Outbox:Lease"] = "00:00:45";
        settings["Outbox:SendTimeout"] = "00:00:20";
        var first = new BotApp(settings, services => services.AddSingleton<ILoggerProvider>(_logs[0]));
        var second = new BotApp(settings, services => services.AddSingleton<ILoggerProvider>(_logs[1]));
        var http = first.CreateClient();
        await WaitUntilReadyAsync(http);
        await WaitUntilReadyAsync(second.CreateClient());
        await new BotClient(http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        return (first, second);
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(await client.GetAsync("/readyz")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The bot never became ready through the sentinels.");
            await Task.Delay(200);
        }
    }

    private static async Task<HttpResponseMessage> SendUntilAcceptedAsync(HttpClient http, Func<HttpContent> body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await http.PostAsync("/api/webhooks/alertmanager", body());
            if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline) return response;
            await Task.Delay(200);
        }
    }
}
