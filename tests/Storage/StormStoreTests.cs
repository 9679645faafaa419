using SupportBot.Channels;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>What both storm stores must do: count a channel's new incidents, open one roll-up when a storm starts, share it.</summary>
public abstract class StormStoreContract
{
    private const string Channel = "19:support@thread.tacv2";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 41, 12, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    /// <summary>A fresh store; <paramref name="shareWith"/> gives another instance's view of the same store.</summary>
    protected abstract IStormStore Create(IStormStore? shareWith = null);

    private static Task<RollUpVersion?> Admit(IStormStore store, int number, DateTimeOffset at, string channel = Channel) =>
        store.AdmitAsync(channel, number, at, threshold: 5, Window, default);

    [Fact]
    public async Task The_sixth_new_incident_within_the_window_opens_a_roll_up_that_the_next_ones_join()
    {
        var store = Create();
        for (var n = 1; n <= 5; n++) Assert.Null(await Admit(store, n, T0.AddSeconds(n)));

        Assert.Equal(new RollUpVersion(1, 1), await Admit(store, 6, T0.AddSeconds(6)));
        Assert.Equal(new RollUpVersion(1, 2), await Admit(store, 7, T0.AddSeconds(7)));
        Assert.Equal(new RollUpVersion(1, 2), await Admit(store, 7, T0.AddSeconds(8))); // asked again: no change
        Assert.Null(await Admit(store, 8, T0.AddSeconds(8), channel: "19:other@thread.tacv2"));

        var rollUp = await store.GetAsync(Channel, 1, default);
        Assert.NotNull(rollUp);
        Assert.True(rollUp.Open);
        Assert.Equal([6, 7], rollUp.Members.Order());
        Assert.Equal([6, 7], (await store.MembersAsync(Channel, default)).Order());
        Assert.Equal(1, await store.RollUpOfAsync(Channel, 7, default));
        Assert.Null(await store.RollUpOfAsync(Channel, 3, default));
        Assert.Equal(new RollUpVersion(1, 3), await store.TouchAsync(Channel, 6, default));
        Assert.Null(await store.TouchAsync(Channel, 3, default));

        await store.CloseAsync(Channel, 1, default);
        Assert.False((await store.GetAsync(Channel, 1, default))!.Open);
        Assert.Equal(new RollUpVersion(1, 4), await store.TouchAsync(Channel, 7, default)); // a member still updates its roll-up
        Assert.Equal(new RollUpVersion(2, 1), await Admit(store, 9, T0.AddSeconds(9)));    // still a storm: a new roll-up
    }

    [Fact]
    public async Task An_incident_given_its_own_card_keeps_it_when_offered_again_during_the_storm()
    {
        var store = Create();
        for (var n = 1; n <= 6; n++) await Admit(store, n, T0.AddSeconds(n));   // 1..5 their own cards, 6 opens roll-up 1

        // A reconcile pass offers incident 2 again while the tenant's pacing still holds its card: it stays on its own
        // card, and a reader does not see it twice (on its card and on the roll-up).
        Assert.Null(await Admit(store, 2, T0.AddSeconds(20)));
        Assert.Null(await Admit(store, 2, T0.AddMinutes(10)));   // after the window too, the roll-up still open
        Assert.Equal([6], (await store.GetAsync(Channel, 1, default))!.Members);
        Assert.Null(await store.RollUpOfAsync(Channel, 2, default));

        // Once retention forgot the incident, its number means nothing any more in the channel.
        await store.ForgetAsync(Channel, [2], default);
        Assert.Equal(1, (await Admit(store, 2, T0.AddMinutes(11)))!.Id);
    }

    [Fact]
    public async Task An_own_card_not_yet_in_the_channel_when_its_storm_begins_joins_the_roll_up_and_one_already_there_keeps_its_card()
    {
        var store = Create();
        for (var n = 1; n <= 5; n++) Assert.Null(await Admit(store, n, T0.AddSeconds(n)));   // 1..5 get their own cards
        Assert.Null(await store.DivertAsync(Channel, 1, posting: true, default));   // card 1 is being posted: no storm yet
        Assert.Null(await store.DivertAsync(Channel, 2, posting: false, default));  // card 2 still waits for Teams' pacing

        Assert.Equal(new RollUpVersion(1, 1), await Admit(store, 6, T0.AddSeconds(6)));   // the storm begins

        // Card 1 reached the channel before the storm: it stays the incident's card, re-offered or not.
        Assert.Null(await store.DivertAsync(Channel, 1, posting: true, default));
        Assert.Null(await Admit(store, 1, T0.AddSeconds(20)));
        // Cards 2 and 3 had not: the incidents join the roll-up (each a new version of it), once.
        Assert.Equal(new RollUpVersion(1, 2), await store.DivertAsync(Channel, 2, posting: false, default));
        Assert.Equal(new RollUpVersion(1, 2), await store.DivertAsync(Channel, 2, posting: true, default));   // asked again: as it is
        Assert.Equal(new RollUpVersion(1, 3), await store.DivertAsync(Channel, 3, posting: true, default));
        Assert.Equal(new RollUpVersion(1, 3), await Admit(store, 3, T0.AddSeconds(21)));                     // re-offered: on the roll-up
        Assert.Equal([2, 3, 6], (await store.GetAsync(Channel, 1, default))!.Members.Order());
        Assert.Equal(1, await store.RollUpOfAsync(Channel, 2, default));
        Assert.Null(await store.RollUpOfAsync(Channel, 1, default));
        Assert.Equal(new RollUpVersion(1, 4), await store.TouchAsync(Channel, 3, default));

        // A card the storm store never gave (a channel that follows the incident only since it changed): posted as it is.
        Assert.Null(await store.DivertAsync(Channel, 42, posting: true, default));
        Assert.Null(await store.RollUpOfAsync(Channel, 42, default));
        // Another channel is in no storm: its cards go out.
        Assert.Null(await Admit(store, 4, T0.AddSeconds(4), channel: "19:other@thread.tacv2"));
        Assert.Null(await store.DivertAsync("19:other@thread.tacv2", 4, posting: true, default));

        // Forgotten by retention, an incident is no longer waiting for anything.
        await store.ForgetAsync(Channel, [4], default);
        Assert.Null(await store.DivertAsync(Channel, 4, posting: true, default));
        // After the storm (its roll-up closed, the window over), a card still waiting is posted.
        await store.CloseAsync(Channel, 1, default);
        Assert.Null(await store.DivertAsync(Channel, 5, posting: true, default));
        Assert.Equal([2, 3, 6], (await store.MembersAsync(Channel, default)).Order());
    }

    [Fact]
    public async Task Two_instances_deciding_the_same_waiting_card_at_once_put_it_on_the_roll_up_once()
    {
        var first = Create();
        var second = Create(shareWith: first);
        for (var n = 1; n <= 6; n++) await Admit(first, n, T0.AddSeconds(n));   // 1..5 their own cards (not posted), 6 opens roll-up 1

        var decisions = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).DivertAsync(Channel, 1 + i % 5, posting: i >= 5, default))));

        Assert.All(decisions, d => Assert.Equal(1, d!.Id));
        Assert.Equal(Enumerable.Range(2, 5), decisions.Select(d => d!.Version).Distinct().Order());
        Assert.Equal([1, 2, 3, 4, 5, 6], (await second.GetAsync(Channel, 1, default))!.Members.Order());
        Assert.Equal(6, (await first.GetAsync(Channel, 1, default))!.Version);
    }

    [Fact]
    public async Task Incidents_that_left_the_store_leave_their_roll_ups_and_a_closed_roll_up_left_empty_is_forgotten()
    {
        var store = Create();
        for (var n = 1; n <= 8; n++) await Admit(store, n, T0.AddSeconds(n));   // 6, 7, 8 on roll-up 1
        await store.CloseAsync(Channel, 1, default);
        for (var n = 9; n <= 16; n++) await Admit(store, n, T0.AddSeconds(n));  // still a storm: 9..16 on roll-up 2, open

        await store.ForgetAsync(Channel, [6, 7, 9, 10, 42], default);
        Assert.Equal([8, 11, 12, 13, 14, 15, 16], (await store.MembersAsync(Channel, default)).Order());
        Assert.Equal([8], (await store.GetAsync(Channel, 1, default))!.Members);

        await store.ForgetAsync(Channel, [8, 11, 12, 13, 14, 15, 16], default);
        Assert.Empty(await store.MembersAsync(Channel, default));
        Assert.Null(await store.GetAsync(Channel, 1, default));      // closed and empty: gone
        Assert.NotNull(await store.GetAsync(Channel, 2, default));   // still open: new incidents join it
        Assert.Equal(2, (await Admit(store, 17, T0.AddSeconds(17)))!.Id);
    }

    [Fact]
    public async Task A_roll_up_keeps_what_it_shows_of_each_member_at_its_newest_version_in_one_read()
    {
        var first = Create();
        var second = Create(shareWith: first);
        static RollUpLine Line(int version, string state) => new(version, $"{{\"state\":\"{state}\",\"title\":\"Pod ë 5xx \\\" ' {{}}\"}}");
        for (var n = 1; n <= 5; n++) await first.AdmitAsync(Channel, n, T0.AddSeconds(n), 5, Window, default, Line(1, "own card"));
        await first.AdmitAsync(Channel, 6, T0.AddSeconds(6), 5, Window, default, Line(1, "investigating"));
        await second.AdmitAsync(Channel, 7, T0.AddSeconds(7), 5, Window, default);   // an older instance: no line

        // Instances write one member's changes out of order: the newer incident version stays.
        Assert.Equal(new RollUpVersion(1, 3), await second.TouchAsync(Channel, 6, default, Line(3, "resolved")));
        Assert.Equal(new RollUpVersion(1, 4), await first.TouchAsync(Channel, 6, default, Line(2, "identified")));
        // A card diverted onto the roll-up joins without its line; it is noted afterwards. Non-members are not noted.
        Assert.Equal(new RollUpVersion(1, 5), await first.DivertAsync(Channel, 2, posting: true, default));
        await second.NoteAsync(Channel, 2, Line(4, "monitoring"), default);
        await second.NoteAsync(Channel, 3, Line(4, "monitoring"), default);

        Assert.Empty((await first.GetAsync(Channel, 1, default))!.Lines);   // only asked for when a card is rendered
        var rollUp = (await first.GetAsync(Channel, 1, default, lines: true))!;
        Assert.Equal(5, rollUp.Version);
        Assert.Equal([2, 6, 7], rollUp.Members.Order());
        Assert.Equal([2, 6], rollUp.Lines.Keys.Order());
        Assert.Equal(Line(3, "resolved"), rollUp.Lines[6]);
        Assert.Equal(Line(4, "monitoring"), rollUp.Lines[2]);

        await first.ForgetAsync(Channel, [6], default);
        await first.AdmitAsync(Channel, 8, T0.AddSeconds(8), 5, Window, default, Line(1, "investigating"));
        Assert.Equal([2, 8], (await second.GetAsync(Channel, 1, default, lines: true))!.Lines.Keys.Order());
    }

    [Fact]
    public async Task Incidents_spread_wider_than_the_window_never_make_a_storm()
    {
        var store = Create();
        for (var n = 1; n <= 20; n++) Assert.Null(await Admit(store, n, T0.AddSeconds(30 * n)));
        Assert.Empty(await store.MembersAsync(Channel, default));
    }

    [Fact]
    public async Task Two_instances_admitting_at_once_share_one_storm_and_one_roll_up()
    {
        var first = Create();
        var second = Create(shareWith: first);

        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(n => Task.Run(() => Admit(n % 2 == 0 ? first : second, n, T0))));

        Assert.Equal(5, results.Count(r => r is null));
        Assert.All(results.OfType<RollUpVersion>(), r => Assert.Equal(1, r.Id));
        Assert.Equal(Enumerable.Range(1, 15), results.OfType<RollUpVersion>().Select(r => r.Version).Order());
        Assert.Equal(15, (await second.GetAsync(Channel, 1, default))!.Members.Count);
    }
}

public sealed class InMemoryStormStoreTests : StormStoreContract
{
    protected override IStormStore Create(IStormStore? shareWith = null) => shareWith ?? new InMemoryStormStore();
}

/// <summary>The contract on Redis: stores of one prefix are instances sharing one Redis.</summary>
public abstract class RedisStormStoreContract(string connectionString) : StormStoreContract, IDisposable
{
    private readonly List<RedisConnection> _connections = [];
    private string _prefix = RedisServer.NewPrefix();

    protected override IStormStore Create(IStormStore? shareWith = null)
    {
        if (shareWith is null) _prefix = RedisServer.NewPrefix();
        var connection = new RedisConnection(connectionString, _prefix);
        _connections.Add(connection);
        return new RedisStormStore(connection);
    }

    public void Dispose()
    {
        foreach (var connection in _connections) connection.Dispose();
    }
}

public sealed class RedisStormStoreTests(RedisServer redis) : RedisStormStoreContract(redis.ConnectionString), IClassFixture<RedisServer>;

/// <summary>The same on Redis Cluster: a channel's storm keys share one hash tag, so no script crosses slots.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStormStoreTests(RedisCluster cluster) : RedisStormStoreContract(cluster.ConnectionString);
