using Microsoft.Extensions.DependencyInjection;
using SupportBot.Incidents;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Questions;
using SupportBot.Tests.Storage;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// What a reconcile pass reads follows what changed since the last pass, not the history kept: an idle pass reads the
/// same with 2,200 unchanged incidents as with 200 (counted by what the real Redis store hands back), and a card whose
/// last version was given up on is still found and repaired.
/// </summary>
public sealed class ReconcileCostTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        var settings = Settings(redis, RedisServer.NewPrefix(), maxAttempts: 2);
        // The test runs the passes itself.
        settings["Outbox:ReconcileInterval"] = "01:00:00";
        _bot = new BotApp(settings, services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IIncidentStore));
            services.Remove(registered);
            services.AddSingleton<IIncidentStore>(sp => new CountingIncidentStore((IIncidentStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        });
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task An_idle_pass_reads_nothing_however_many_unchanged_incidents_are_kept_and_a_dead_lettered_resolve_is_still_repaired()
    {
        await new BotClient(_http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");
        var reconciler = _bot.Service<BriefingReconciler>();
        var store = _bot.Service<IIncidentStore>();

        await SeedResolvedAsync(store, "few", 200);
        await reconciler.ReconcileAsync(default);
        var fewKept = await ReadsOfAPassAsync(reconciler);
        await SeedResolvedAsync(store, "many", 2000);
        await reconciler.ReconcileAsync(default);
        var manyKept = await ReadsOfAPassAsync(reconciler);

        Assert.Equal(0, fewKept);
        Assert.Equal(0, manyKept);
        Assert.Single(_connector.Posts, c => c.Card is not null);

        // The resolve is given up on while the connector fails; the passes keep the card in view until it catches up.
        _connector.Fault = _ => (500, null);
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        await Poll.UntilAsync(async () => (await DeadLetters.ListAsync(_http, "Card")).Count > 0, "the resolved card dead-lettered");
        Assert.InRange(await ReadsOfAPassAsync(reconciler), 1, 4); // the one incident written since the last pass
        Assert.Equal(1, reconciler.Behind);

        _connector.Fault = null;
        await Poll.UntilAsync(async () =>
        {
            await reconciler.ReconcileAsync(default);
            return _connector.Calls.Any(c => c.Method == "PUT" && c.Visible.Contains("Resolved"));
        }, "the card updated to Resolved once the connector answers again");
        var update = _connector.Calls.First(c => c.Method == "PUT" && c.Visible.Contains("Resolved"));
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Single(_connector.Posts, c => c.Card is not null);
        // Caught up: the incident leaves the pass, which reads nothing again.
        await Poll.UntilAsync(async () => { await reconciler.ReconcileAsync(default); return reconciler.Behind == 0; }, "the card seen caught up");
        Assert.Equal(0, await ReadsOfAPassAsync(reconciler));
    }

    private static async Task<int> ReadsOfAPassAsync(BriefingReconciler reconciler)
    {
        var read = CountingIncidentStore.CountHere();
        await reconciler.ReconcileAsync(default);
        return read.Value;
    }

    /// <summary>Incidents opened and resolved long ago in groups no channel ever saw: history that never changes again.</summary>
    private static async Task SeedResolvedAsync(IIncidentStore store, string name, int count) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var opened = (await store.TryOpenAsync(StoreContract.Incident(0, $"{name}-{i}"), ct))!;
            var resolvedAt = opened.StartedAt.AddHours(1);
            Assert.True(await store.TryUpdateAsync(opened with
            {
                Status = IncidentStatus.Resolved, ResolvedAt = resolvedAt, Version = 2,
                Timeline = [.. opened.Timeline, new IncidentEvent(resolvedAt, IncidentEventKind.Resolved, "All alerts resolved")],
            }, ct));
        });
}
