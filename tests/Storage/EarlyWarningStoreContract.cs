using SupportBot.EarlyWarning;
using SupportBot.EarlyWarning.Forecasting;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>What every early-warning store must do, in-process or Redis alike: run once per implementation.</summary>
public abstract class EarlyWarningStoreContract
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Two stores over the same data (two instances of the bot); the in-process store has one only, twice.</summary>
    protected abstract (IEarlyWarningStore First, IEarlyWarningStore Second) CreateStores();

    protected static SignalWarning Warning(string service, DateTimeOffset raisedAt, WarningStatus status = WarningStatus.Active, int version = 1) => new()
    {
        Id = SignalWarning.MakeId($"{service}/Error ratio", raisedAt),
        SignalKey = $"{service}/Error ratio",
        Service = service,
        SignalName = "Error ratio",
        Direction = Direction.Above,
        Threshold = 0.05,
        Status = status,
        RaisedAt = raisedAt,
        UpdatedAt = raisedAt,
        ValueNow = 0.031,
        CrossingIn = TimeSpan.FromMinutes(12),
        Recent = [0.01, 0.015, 0.02, 0.031],
        RecentSpan = TimeSpan.FromMinutes(30),
        Version = version,
    };

    [Fact]
    public async Task A_saved_warning_reads_back_whole_on_every_instance()
    {
        var (first, second) = CreateStores();
        var warning = Warning("checkout-api", Monday) with { LookingBy = "Olga Oncall" };
        await first.SaveAsync(warning, default);

        var read = await second.GetAsync(warning.Id, default);
        Assert.NotNull(read);
        Assert.Equal(warning.Recent, read.Recent);
        Assert.Equal(warning with { Recent = read.Recent }, read);
        Assert.Null(await second.GetAsync("nothing@0", default));
    }

    [Fact]
    public async Task An_older_version_never_replaces_a_newer_one()
    {
        var (first, second) = CreateStores();
        var raised = Warning("checkout-api", Monday);
        await first.SaveAsync(raised with { Status = WarningStatus.Dismissed, DismissedBy = "Olga", Version = 3 }, default);
        await second.SaveAsync(raised with { Version = 2 }, default); // a slow leader's late write

        var stored = await first.GetAsync(raised.Id, default);
        Assert.Equal(WarningStatus.Dismissed, stored?.Status);
        Assert.Empty(await second.ListActiveAsync(default));
    }

    [Fact]
    public async Task Active_lists_only_warnings_still_out_oldest_first_and_raised_since_serves_digests()
    {
        var (first, second) = CreateStores();
        var orders = Warning("orders-api", Monday.AddMinutes(10));
        var checkout = Warning("checkout-api", Monday);
        var search = Warning("search-api", Monday.AddMinutes(5));
        await first.SaveAsync(orders, default);
        await first.SaveAsync(checkout, default);
        await first.SaveAsync(search, default);
        await first.SaveAsync(search with { Status = WarningStatus.Recovered, EndedAt = Monday.AddMinutes(20), Version = 2 }, default);
        await first.SaveAsync(checkout with { Status = WarningStatus.Crossed, Version = 2 }, default);

        Assert.Equal(["checkout-api", "orders-api"], (await second.ListActiveAsync(default)).Select(w => w.Service));
        Assert.Equal(["search-api", "orders-api"], (await second.ListRaisedSinceAsync(Monday.AddMinutes(1), default)).Select(w => w.Service));
    }
}

public sealed class InMemoryEarlyWarningStoreContractTests : EarlyWarningStoreContract
{
    protected override (IEarlyWarningStore First, IEarlyWarningStore Second) CreateStores()
    {
        var store = new InMemoryEarlyWarningStore();
        return (store, store);
    }
}

public sealed class RedisEarlyWarningStoreContractTests(RedisServer redis) : EarlyWarningStoreContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    protected override (IEarlyWarningStore First, IEarlyWarningStore Second) CreateStores()
    {
        var prefix = RedisServer.NewPrefix();
        var first = new RedisConnection(redis.ConnectionString, prefix);
        var second = new RedisConnection(redis.ConnectionString, prefix);
        _connections.AddRange([first, second]);
        return (new RedisEarlyWarningStore(first), new RedisEarlyWarningStore(second));
    }

    [Fact]
    public async Task Warnings_raised_longer_ago_than_kept_are_dropped_as_new_ones_come()
    {
        var (store, _) = CreateStores();
        var old = Warning("checkout-api", DateTimeOffset.Parse("2026-09-01T09:00:00Z"), WarningStatus.Recovered);
        await store.SaveAsync(old, default);
        await store.SaveAsync(Warning("orders-api", DateTimeOffset.Parse("2026-09-01T09:00:00Z") + RedisEarlyWarningStore.Kept + TimeSpan.FromDays(1)), default);

        Assert.Null(await store.GetAsync(old.Id, default));
        Assert.Equal(["orders-api"], (await store.ListRaisedSinceAsync(DateTimeOffset.MinValue, default)).Select(w => w.Service));
    }

    public void Dispose()
    {
        foreach (var connection in _connections) connection.Dispose();
    }
}
