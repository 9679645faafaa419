using System.Net;
using System.Text.RegularExpressions;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Two bot instances connected through Redis Sentinel (`ConnectionStrings:Redis` = the sentinels plus `serviceName=`)
/// with `Redis:WaitForReplicas=1`, an alert storm, and the primary failing over mid-storm, gracefully and killed.
/// </summary>
public sealed class SentinelFailoverTests : IAsyncLifetime
{
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

    [Fact, Trait("Category", "FailoverStorm")]
    public async Task Two_graceful_failovers_mid_storm_lose_nothing_and_leave_every_card_final_and_posted_once()
    {
        var (first, second) = await StartTwoBotsAsync();
        await using var _ = first;
        await using var __ = second;
        var http = new[] { first.CreateClient(), second.CreateClient() };
        var original = await _redis.PrimaryAsync();

        var storm = new AlertStorm(30);
        Task? failovers = null;
        await storm.SendAsync([() => http[0], () => http[1]], afterEach: sent =>
        {
            // There and back: each promoted replica takes over what the old primary acknowledged.
            if (sent == 10) failovers = Task.Run(async () => { await _redis.FailoverAsync(); await _redis.FailoverAsync(); });
            return Task.CompletedTask;
        });
        await failovers!;

        Assert.Equal(original, await _redis.PrimaryAsync());
        var outcome = await storm.CheckAsync(http[1], _connector, TimeSpan.FromSeconds(120));
        Assert.True(outcome is { Lost: 0, Duplicated: 0, CardsPostedTwice: 0, CardsNotFinal: 0 },
            outcome + "\nOutbox: " + await http[1].GetStringAsync("/api/admin/outbox"));
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

    private async Task<(BotApp, BotApp)> StartTwoBotsAsync()
    {
        var settings = Settings(_redis.Settings(RedisServer.NewPrefix()));
        settings["Redis:WaitForReplicas"] = "1";
        settings["Redis:WaitTimeout"] = "00:00:02";
        // No instance dies here: on a loaded machine a slow send must neither be taken over nor timed out and sent again.
        settings["Outbox:Lease"] = "00:00:45";
        settings["Outbox:SendTimeout"] = "00:00:20";
        var first = new BotApp(settings);
        var second = new BotApp(settings);
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
