using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

public sealed class InMemoryStoreContractTests : StoreContract
{
    protected override (IIncidentStore, IBriefingChannelStore, IPostedCardStore, IOutboxStore) CreateStores(
        int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null) =>
        (new InMemoryIncidentStore(), new InMemoryBriefingChannelStore(), new InMemoryPostedCardStore(),
         new InMemoryOutboxStore(deadLetterLimit, deadLetterRetention));

    protected override IIncidentStore OtherInstance(IIncidentStore store) => store;

    protected override IBriefingChannelStore OtherChannelsInstance(IBriefingChannelStore store) => store;
}

public sealed class RedisStoreContractTests(RedisServer redis) : StoreContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly List<RedisConnection> _connections = [];
    private readonly Dictionary<object, string> _prefixes = [];

    protected override IIncidentStore OtherInstance(IIncidentStore store)
    {
        var connection = new RedisConnection(redis.ConnectionString, _prefixes[store]);
        _connections.Add(connection);
        return new RedisIncidentStore(connection);
    }

    protected override IBriefingChannelStore OtherChannelsInstance(IBriefingChannelStore store)
    {
        var connection = new RedisConnection(redis.ConnectionString, _prefixes[store]);
        _connections.Add(connection);
        return new RedisBriefingChannelStore(connection, maxAge: TimeSpan.FromHours(1));
    }

    protected override (IIncidentStore, IBriefingChannelStore, IPostedCardStore, IOutboxStore) CreateStores(
        int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null)
    {
        var prefix = RedisServer.NewPrefix();
        var connection = new RedisConnection(redis.ConnectionString, prefix);
        _connections.Add(connection);
        var incidents = new RedisIncidentStore(connection);
        var channels = new RedisBriefingChannelStore(connection);
        _prefixes[incidents] = prefix;
        _prefixes[channels] = prefix;
        return (incidents, channels, new RedisPostedCardStore(connection),
            new RedisOutboxStore(connection, TimeSpan.FromDays(7), deadLetterLimit, deadLetterRetention));
    }

    [Fact]
    public async Task An_instance_cut_off_from_Redis_while_a_channel_subscribed_lists_it_once_it_is_back()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relay = TcpRelay.To(redis.Port);
        using var mine = new RedisConnection(redis.ConnectionString, prefix);
        using var cutOff = new RedisConnection($"{relay.Endpoint},connectTimeout=1000", prefix);
        IBriefingChannelStore channels = new RedisBriefingChannelStore(mine);
        IBriefingChannelStore theirs = new RedisBriefingChannelStore(cutOff, maxAge: TimeSpan.FromHours(1));
        Assert.True(await channels.AddAsync(Reference("19:general@thread.tacv2"), default));
        await ListedAsync(theirs, ["19:general@thread.tacv2"], "the first channel");

        // Cut off, it cannot hear of the new channel: it must not trust the list it kept once it is back.
        relay.Cut();
        await Poll.UntilAsync(() => Task.FromResult(!cutOff.Multiplexer.IsConnected), "the instance to notice it is cut off");
        Assert.True(await channels.AddAsync(Reference("19:checkout@thread.tacv2"), default));
        relay.Heal();

        await ListedAsync(Reachable(theirs), ["19:checkout@thread.tacv2", "19:general@thread.tacv2"], "the channel subscribed while it was cut off");
    }

    [Fact]
    public async Task After_a_Redis_restart_an_instance_lists_the_channels_as_Redis_has_them()
    {
        var prefix = RedisServer.NewPrefix();
        using var connection = new RedisConnection(redis.ConnectionString, prefix);
        IBriefingChannelStore channels = new RedisBriefingChannelStore(connection, maxAge: TimeSpan.FromHours(1));
        Assert.True(await channels.AddAsync(Reference("19:general@thread.tacv2"), default));
        await ListedAsync(channels, ["19:general@thread.tacv2"], "the first channel");

        await redis.StopAsync();
        await redis.StartAsync();
        // Stored by an instance this one did not hear (its notice went out while this one was not yet listening again).
        using (var raw = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
            await raw.GetDatabase().HashSetAsync(prefix + "subscribers", "19:checkout@thread.tacv2",
                SupportBot.Storage.Redis.StoreJson.Write(new { reference = Reference("19:checkout@thread.tacv2"), filter = ChannelFilter.All }));

        await ListedAsync(Reachable(channels), ["19:checkout@thread.tacv2", "19:general@thread.tacv2"], "the channel stored while it was reconnecting");
    }

    /// <summary>The store, with Redis still unreachable (while it reconnects) read as an empty list, for <see cref="StoreContract.ListedAsync"/>.</summary>
    private static IBriefingChannelStore Reachable(IBriefingChannelStore store) => new WhileReconnecting(store);

    private sealed class WhileReconnecting(IBriefingChannelStore store) : IBriefingChannelStore
    {
        public Task<bool> AddAsync(Microsoft.Bot.Schema.ConversationReference reference, ChannelFilter filter, CancellationToken ct) => store.AddAsync(reference, filter, ct);
        public Task<bool> RemoveAsync(string conversationId, CancellationToken ct) => store.RemoveAsync(conversationId, ct);
        public Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct) => store.GetAsync(conversationId, ct);

        public async Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct)
        {
            try { return await store.ListAsync(ct); }
            catch (SupportBot.Storage.StoreUnavailableException) { return []; }
        }
    }

    [Fact]
    public async Task A_briefing_channel_stored_before_filters_existed_follows_everything()
    {
        var prefix = RedisServer.NewPrefix();
        using var connection = new RedisConnection(redis.ConnectionString, prefix);
        var old = new Microsoft.Bot.Schema.ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example/emea/",
            Conversation = new Microsoft.Bot.Schema.ConversationAccount(isGroup: true, conversationType: "channel", id: "19:old@thread.tacv2"),
        };
        // What an older version wrote: the bare conversation reference, no filter.
        using (var raw = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
            await raw.GetDatabase().HashSetAsync(prefix + "subscribers", "19:old@thread.tacv2", Newtonsoft.Json.JsonConvert.SerializeObject(old));

        var store = new RedisBriefingChannelStore(connection);
        var stored = Assert.Single(await store.ListAsync(default));
        Assert.Equal("https://smba.example/emea/", stored.Reference.ServiceUrl);
        Assert.True(stored.Filter.IsAll);
        Assert.True((await store.GetAsync("19:old@thread.tacv2", default))!.Filter.IsAll);
    }

    [Fact]
    public async Task An_instance_keeps_a_bounded_number_of_open_incident_copies()
    {
        using var connection = new RedisConnection(redis.ConnectionString, RedisServer.NewPrefix());
        var store = new RedisIncidentStore(connection);
        for (var i = 0; i < RedisIncidentStore.MaxOpenCopies + 50; i++)
            Assert.NotNull(await store.TryOpenAsync(StoreContract.Incident(0, $"group-{i}"), default));

        Assert.Equal(RedisIncidentStore.MaxOpenCopies, store.OpenCopies);
        // A copy dropped is only a read saved: the incident is still found.
        Assert.Equal("group-0", (await store.FindOpenAsync("group-0", default))?.GroupKey);
    }

    [Fact]
    public async Task An_instance_sees_another_instances_change_to_an_open_incident_it_read_before()
    {
        var prefix = RedisServer.NewPrefix();
        using var first = new RedisConnection(redis.ConnectionString, prefix);
        using var second = new RedisConnection(redis.ConnectionString, prefix);
        var mine = new RedisIncidentStore(first);
        var theirs = new RedisIncidentStore(second);
        var opened = await mine.TryOpenAsync(StoreContract.Incident(0, "group-a"), default);
        Assert.Same(opened, await mine.FindOpenAsync("group-a", default));   // this instance's own copy, still current

        var changed = (await theirs.FindOpenAsync("group-a", default))! with { Title = "Changed elsewhere", Version = 2 };
        Assert.True(await theirs.TryUpdateAsync(changed, default));

        Assert.Equal("Changed elsewhere", (await mine.FindOpenAsync("group-a", default))?.Title);
        Assert.True(await theirs.TryUpdateAsync(changed with { Status = SupportBot.Incidents.IncidentStatus.Resolved, Version = 3 }, default));
        Assert.Null(await mine.FindOpenAsync("group-a", default));
    }

    [Fact]
    public async Task Incidents_stored_before_the_query_indexes_existed_are_found_by_the_queries()
    {
        var prefix = RedisServer.NewPrefix();
        using var connection = new RedisConnection(redis.ConnectionString, prefix);
        var before = new RedisIncidentStore(connection);
        var opened = (await before.TryOpenAsync(StoreContract.Incident(0, "group-a"), default))!;
        Assert.True(await before.TryUpdateAsync(opened with { Status = SupportBot.Incidents.IncidentStatus.Resolved, ResolvedAt = opened.StartedAt.AddHours(1), Version = 2 }, default));
        await before.TryOpenAsync(StoreContract.Incident(0, "group-b") with { Service = "payments" }, default);
        // As an older version left Redis: the incidents, none of the query indexes.
        var db = connection.Database;
        foreach (var key in new[] { "resolved-ranked", "services", "indexes", "changes", "change-seq",
                     "service-open:checkout-api", "service-open:payments", "service-resolved:checkout-api", "service-resolved:payments" })
            await db.KeyDeleteAsync(prefix + "{incidents}:" + key);
        Assert.False(await db.KeyExistsAsync(prefix + "{incidents}:resolved-ranked"));

        var after = new RedisIncidentStore(connection);

        Assert.Equal([1, 2], (await after.ListActiveSinceAsync(opened.StartedAt, default)).Select(i => i.Number).Order());
        Assert.Equal([1], (await after.ListResolvedForServiceAsync("checkout-api", DateTimeOffset.MinValue, 5, default)).Select(i => i.Number));
        Assert.Equal([2], (await after.ListOpenForServiceAsync("payments", default)).Select(i => i.Number));
        Assert.Equal([1, 2], (await after.ListChangedSinceAsync(-1, 10, default)).Changed.Select(c => c.Number).Order());
        Assert.Equal(["checkout-api", "payments"], (await after.ListServicesAsync(default)).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());
}
