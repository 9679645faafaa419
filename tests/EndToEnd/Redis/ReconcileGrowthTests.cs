using StackExchange.Redis;
using SupportBot.Incidents;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Storage;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>Reconciling costs nothing for incidents whose cards are caught up: no re-offers, no idempotency keys piling up.</summary>
public sealed class ReconcileGrowthTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewPrefix();
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        var settings = Settings(redis, _prefix);
        settings["Outbox:ReconcileInterval"] = "01:00:00";
        _bot = new BotApp(settings);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Reconcile_leaves_caught_up_and_never_posted_resolved_incidents_alone_and_sends_only_what_is_behind()
    {
        var http = _bot.CreateClient();
        await new BotClient(http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        // 300 incidents resolved in the last hour that no channel ever saw open.
        var store = _bot.Service<IIncidentStore>();
        for (var i = 0; i < 300; i++)
        {
            var opened = (await store.TryOpenAsync(StoreContract.Incident(0, $"history-{i}"), default))!;
            var now = DateTimeOffset.UtcNow;
            Assert.True(await store.TryUpdateAsync(opened with
            {
                Status = IncidentStatus.Resolved, ResolvedAt = now, Version = 2,
                Timeline = [.. opened.Timeline, new IncidentEvent(now, IncidentEventKind.Resolved, "All alerts resolved")],
            }, default));
        }
        var reconciler = _bot.Service<BriefingReconciler>();
        var keysBefore = SeenKeys();

        await reconciler.ReconcileAsync(default);
        await reconciler.ReconcileAsync(default);

        Assert.Equal(keysBefore, SeenKeys());
        Assert.Equal(0, reconciler.Behind);
        Assert.Single(_connector.Posts, c => c.Card is not null);

        // 90 days on, the resolved history leaves Redis; the open incident and its card stay.
        var removed = await _bot.Service<IncidentRetention>().SweepAsync(DateTimeOffset.UtcNow.AddDays(91), default);
        Assert.Equal(300, removed);
        Assert.Equal([1], (await store.ListChangedSinceAsync(-1, 10, default)).Changed.Select(c => c.Number));
        Assert.NotNull(await store.GetAsync(1, default));
        Assert.Equal(1, Keys("cards:*"));
    }

    private int SeenKeys() => Keys("outbox:seen:*");

    private int Keys(string pattern)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        return connection.GetServer(redis.ConnectionString).Keys(pattern: _prefix + pattern).Count();
    }
}
