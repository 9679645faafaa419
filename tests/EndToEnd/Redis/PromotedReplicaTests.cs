using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// A failover played step by step, without sentinels, at the moment that doubled cards in the Sentinel storms: the
/// replica is promoted while the old primary, not told yet, still takes writes (a `SENTINEL FAILOVER` does not pause
/// writers). One bot instance is still on the old primary, the other on the new one; `Redis:WaitForReplicas=1`.
/// The promoted server has a replica of its own (a chain), so what is written there is confirmed; the old primary
/// has none left, as in a real failover.
/// </summary>
public sealed class PromotedReplicaTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private RedisNode _old = null!;
    private RedisNode _promoted = null!;
    private RedisNode _promotedsReplica = null!;
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly CapturingLoggerProvider _oldLog = new(LogLevel.Information, "[on the old primary] ");
    private readonly CapturingLoggerProvider _promotedLog = new(LogLevel.Information, "[on the promoted one] ");
    private volatile bool _refusePosts;
    private int _refused;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        // Posts of cards can be refused (503) for a while, to hold a card in the outbox across the promotion.
        _connector.Fault = call =>
        {
            if (!_refusePosts || call is not { Method: "POST", ReplyToId: null, Card: not null }) return null;
            Interlocked.Increment(ref _refused);
            return (503, null);
        };
        _old = await RedisNode.StartAsync();
        _promoted = await RedisNode.StartAsync(replicaOf: _old);
        _promotedsReplica = await RedisNode.StartAsync(replicaOf: _promoted);
    }

    public async Task DisposeAsync()
    {
        await _promotedsReplica.DisposeAsync();
        await _promoted.DisposeAsync();
        await _old.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_card_is_posted_once_and_updated_in_place_though_the_old_primary_took_writes_after_the_promotion()
    {
        await using var onOld = new BotApp(BotOn(_old), services => services.AddSingleton<ILoggerProvider>(_oldLog));
        var http = onOld.CreateClient();
        await new BotClient(http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        // A card waits in the outbox (the channel refuses it for now), on the primary and its replica.
        _refusePosts = true;
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Checkout down"))).StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref _refused) > 0), "the first post of the card to be refused");

        // The replica is promoted; the old primary goes on taking writes, with no replica left to confirm them.
        await _promoted.PromoteAsync();
        await _old.WaitForReplicasAsync(0);
        // The other instance is on the new primary, and the channel takes posts again: it posts the card.
        await using (var onPromoted = new BotApp(BotOn(_promoted), services => services.AddSingleton<ILoggerProvider>(_promotedLog)))
        {
            await WaitUntilReadyAsync(onPromoted.CreateClient());
            _refusePosts = false;
            await _connector.WaitForAsync(c => c.Card is not null && c.Visible.Contains("Checkout down"), TimeSpan.FromSeconds(60), "the card");
            await Poll.UntilAsync(async () => (await onPromoted.CreateClient().GetStringAsync("/api/admin/outbox")).Contains("\"pending\":0"),
                "the new primary's outbox to be empty");
        }

        // The old primary is brought back with the new primary's data and becomes primary again (failing back), so
        // the first instance works on what the second recorded. The incident resolves: its card is updated in place.
        await _old.RestartWithDataOfAsync(_promoted);
        await _promoted.FollowAsync(_old);
        await _old.WaitForReplicasAsync(1);
        await SendUntilAcceptedAsync(http, AlertmanagerPayload.For("Checkout down", resolved: true));
        var resolved = await _connector.WaitForAsync(c => c.Card is not null && c.Visible.Contains("Checkout down") && c.Visible.Contains("Resolved"),
            TimeSpan.FromSeconds(60), "the card showing Resolved");

        foreach (var line in _oldLog.Lines.Concat(_promotedLog.Lines).Where(l => l.Contains("INC-1"))) output.WriteLine(line);
        var posts = _connector.Posts.Where(p => p.Card is not null && p.Visible.Contains("Checkout down")).ToList();
        Assert.True(posts.Count == 1, $"The card was posted {posts.Count} times: {string.Join("; ", posts)}");
        Assert.Equal(posts[0].ActivityId, resolved.ActivityId);
    }

    private Dictionary<string, string?> BotOn(RedisNode redis)
    {
        var settings = Settings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = _prefix,
        }, maxAttempts: 1000);
        settings["Redis:WaitForReplicas"] = "1";
        settings["Redis:WaitTimeout"] = "00:00:00.500";
        return settings;
    }

    /// <summary>As Alertmanager does: sent again while the bot answers 503 (it reconnects to the server brought back).</summary>
    private static async Task SendUntilAcceptedAsync(HttpClient http, HttpContent webhook)
    {
        var body = await webhook.ReadAsStringAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await http.PostAsync("/api/webhooks/alertmanager", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            if (answer.StatusCode == HttpStatusCode.Accepted) return;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The webhook was never accepted.");
            await Task.Delay(200);
        }
    }

    private static Task WaitUntilReadyAsync(HttpClient client) =>
        Poll.UntilAsync(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, "the bot on the promoted server to be ready");
}
