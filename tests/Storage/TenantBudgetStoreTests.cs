using SupportBot.Outbox;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>
/// What every tenant budget store must do, in-process, on one redis-server and on Redis Cluster: give at most the
/// limit of places in any window (edges included), count a send until its bound while it is unsettled, free a place
/// given back at once, hold every place while the tenant is paused, share one budget between instances, and give
/// urgent sends the tenant's places first (a tenth of each window kept for them, and every place while one waits).
/// </summary>
public abstract class TenantBudgetStoreContract
{
    private const string Contoso = "tenant:contoso";
    private const string Fabrikam = "tenant:fabrikam";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 41, 12, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(22);

    /// <summary>A fresh, empty store; <paramref name="shareWith"/> gives another instance's view of the same store.</summary>
    protected abstract ITenantBudgetStore Create(ITenantBudgetStore? shareWith = null);

    private static Task<TenantTake> Take(ITenantBudgetStore store, string id, DateTimeOffset at, int limit, string tenant = Contoso, bool urgent = false) =>
        store.TryTakeAsync(tenant, id, at, at + Bound, limit, Window, urgent, default);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public async Task Settled_sends_free_their_places_once_they_have_left_the_window()
    {
        var store = Create();
        foreach (var (id, ms) in new[] { ("a", 0), ("b", 100), ("c", 200) })
        {
            Assert.True((await Take(store, id, T0 + Ms(ms), limit: 3)).Taken);
            await store.SettleAsync(Contoso, id, T0 + Ms(ms + 50), default);
        }

        var full = await Take(store, "d", T0 + Ms(300), limit: 3);
        Assert.False(full.Taken);
        Assert.Equal(T0 + Ms(50) + Window + TenantBudget.EdgeMargin, full.RetryAt);
        Assert.False((await Take(store, "d", T0 + Ms(1050), limit: 3)).Taken); // exactly a window after "a": the edge still counts
        Assert.True((await Take(store, "d", full.RetryAt, limit: 3)).Taken);
    }

    [Fact]
    public async Task An_unsettled_send_counts_until_its_bound_and_a_place_given_back_frees_at_once()
    {
        var store = Create();
        Assert.True((await Take(store, "a", T0, limit: 2)).Taken);
        Assert.True((await Take(store, "b", T0, limit: 2)).Taken);

        var later = await Take(store, "c", T0 + TimeSpan.FromSeconds(5), limit: 2);
        Assert.False(later.Taken); // a and b may still reach the channel: asked again a window later
        Assert.Equal(T0 + TimeSpan.FromSeconds(5) + Window, later.RetryAt);

        await store.SettleAsync(Contoso, "a", null, default); // nothing was sent
        Assert.True((await Take(store, "c", T0 + TimeSpan.FromSeconds(5), limit: 2)).Taken);
        Assert.False((await Take(store, "d", T0 + TimeSpan.FromSeconds(6), limit: 2)).Taken); // b and c still count

        await store.SettleAsync(Contoso, "b", T0 + Ms(100), default);
        Assert.True((await Take(store, "d", T0 + TimeSpan.FromSeconds(6), limit: 2)).Taken);
    }

    [Fact]
    public async Task Each_tenant_has_a_budget_of_its_own()
    {
        var store = Create();
        Assert.True((await Take(store, "a", T0, limit: 1)).Taken);

        Assert.True((await Take(store, "b", T0, limit: 1, tenant: Fabrikam)).Taken);
        Assert.False((await Take(store, "c", T0, limit: 1)).Taken);
    }

    [Fact]
    public async Task A_pause_holds_every_place_of_its_tenant_until_it_ends_and_a_shorter_one_does_not_cut_it()
    {
        var store = Create();
        await store.PauseAsync(Contoso, T0 + TimeSpan.FromSeconds(3), default);
        await store.PauseAsync(Contoso, T0 + TimeSpan.FromSeconds(2), default);

        var paused = await Take(store, "a", T0 + Ms(2500), limit: 50);
        Assert.False(paused.Taken);
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), paused.RetryAt);
        Assert.True((await Take(store, "b", T0, limit: 50, tenant: Fabrikam)).Taken);
        Assert.True((await Take(store, "a", T0 + TimeSpan.FromSeconds(3), limit: 50)).Taken);
    }

    [Fact]
    public async Task Replies_given_in_a_turn_count_against_the_tenant_too()
    {
        var store = Create();
        await store.RecordAsync(Contoso, T0, 2, default);

        Assert.True((await Take(store, "a", T0 + Ms(10), limit: 3)).Taken);
        var full = await Take(store, "b", T0 + Ms(20), limit: 3);
        Assert.False(full.Taken);
        Assert.Equal(T0 + Window + TenantBudget.EdgeMargin, full.RetryAt);
    }

    [Fact]
    public async Task Sends_that_are_not_urgent_leave_a_tenth_of_the_places_to_urgent_ones()
    {
        var store = Create();
        for (var i = 0; i < 18; i++)
        {
            Assert.True((await Take(store, $"update-{i}", T0 + Ms(i), limit: 20)).Taken);
            await store.SettleAsync(Contoso, $"update-{i}", T0 + Ms(i), default);
        }

        var update = await Take(store, "update-18", T0 + Ms(18), limit: 20);
        Assert.False(update.Taken);
        Assert.False(update.Yielded);
        Assert.Equal(T0 + Window + TenantBudget.EdgeMargin, update.RetryAt); // once the oldest has left the window
        Assert.True((await Take(store, "new-card-1", T0 + Ms(19), limit: 20, urgent: true)).Taken);
        Assert.True((await Take(store, "new-card-2", T0 + Ms(20), limit: 20, urgent: true)).Taken);
        Assert.False((await Take(store, "new-card-3", T0 + Ms(21), limit: 20, urgent: true)).Taken);
    }

    [Fact]
    public async Task While_an_urgent_send_waits_no_other_send_of_its_tenant_takes_a_place_and_it_gets_the_next()
    {
        var first = Create();
        var second = Create(shareWith: first); // the update asks on another instance
        Assert.True((await Take(first, "update-a", T0, limit: 2)).Taken);
        Assert.True((await Take(first, "update-b", T0 + Ms(100), limit: 2)).Taken);
        await first.SettleAsync(Contoso, "update-a", T0, default);
        await first.SettleAsync(Contoso, "update-b", T0 + Ms(100), default);

        var newCard = await Take(first, "new-card", T0 + Ms(200), limit: 2, urgent: true);
        Assert.False(newCard.Taken);
        Assert.Equal(T0 + Window + TenantBudget.EdgeMargin, newCard.RetryAt);

        var update = await Take(second, "update-c", newCard.RetryAt, limit: 2);
        Assert.False(update.Taken);
        Assert.True(update.Yielded); // the place that freed is the new card's
        Assert.True(update.RetryAt > newCard.RetryAt);
        Assert.True((await Take(second, "update-c", T0 + Ms(100), limit: 2, tenant: Fabrikam)).Taken); // another tenant's is not held back
        Assert.True((await Take(first, "new-card", newCard.RetryAt, limit: 2, urgent: true)).Taken);
        var afterIt = await Take(second, "update-c", newCard.RetryAt + Ms(1), limit: 2);
        Assert.False(afterIt.Yielded); // no urgent send waits any more: only the budget decides
        Assert.True((await Take(second, "update-c", T0 + Ms(100) + Window + TenantBudget.EdgeMargin, limit: 2)).Taken);
    }

    [Fact]
    public async Task An_urgent_send_that_never_asks_again_holds_others_back_for_a_window_at_most()
    {
        var store = Create();
        Assert.True((await Take(store, "new-card-1", T0, limit: 1, urgent: true)).Taken);
        await store.SettleAsync(Contoso, "new-card-1", T0, default);
        var gaveUp = await Take(store, "new-card-2", T0 + Ms(10), limit: 1, urgent: true);
        Assert.False(gaveUp.Taken);

        Assert.True((await Take(store, "update", gaveUp.RetryAt + Window, limit: 1)).Yielded);
        Assert.True((await Take(store, "update", gaveUp.RetryAt + Window + Ms(1), limit: 1)).Taken);
    }

    [Fact]
    public async Task Two_instances_asking_at_once_share_one_budget()
    {
        var first = Create();
        var second = Create(shareWith: first);

        var takes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Take(i % 2 == 0 ? first : second, $"send-{i}", T0, limit: 7))));

        Assert.Equal(7, takes.Count(t => t.Taken));
        Assert.All(takes.Where(t => !t.Taken), t => Assert.Equal(T0 + Window, t.RetryAt));
    }
}

public sealed class InMemoryTenantBudgetStoreTests : TenantBudgetStoreContract
{
    protected override ITenantBudgetStore Create(ITenantBudgetStore? shareWith = null) => shareWith ?? new InMemoryTenantBudgetStore();
}

/// <summary>The contract on Redis: stores of one prefix are instances sharing one Redis.</summary>
public abstract class RedisTenantBudgetStoreContract(string connectionString) : TenantBudgetStoreContract, IDisposable
{
    private readonly List<RedisConnection> _connections = [];
    private string _prefix = RedisServer.NewPrefix();

    protected override ITenantBudgetStore Create(ITenantBudgetStore? shareWith = null)
    {
        if (shareWith is null) _prefix = RedisServer.NewPrefix();
        var connection = new RedisConnection(connectionString, _prefix);
        _connections.Add(connection);
        return new RedisTenantBudgetStore(connection);
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());
}

public sealed class RedisTenantBudgetStoreTests(RedisServer redis) : RedisTenantBudgetStoreContract(redis.ConnectionString), IClassFixture<RedisServer>;

/// <summary>The same on Redis Cluster: each tenant's keys share one hash tag, so no script crosses slots.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTenantBudgetStoreTests(RedisCluster cluster) : RedisTenantBudgetStoreContract(cluster.ConnectionString);
