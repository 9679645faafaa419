using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Digests;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>One 3-primary Redis Cluster shared by every cluster test class (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisCluster>
{
    public const string Name = "Redis Cluster";
}

/// <summary>
/// The same store contract as on one redis-server, on Redis Cluster: a script or transaction whose keys crossed
/// slots would fail here with CROSSSLOT (StackExchange.Redis refuses it before sending).
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStoreContractTests(RedisCluster cluster) : StoreContract, IDisposable
{
    private readonly List<RedisConnection> _connections = [];
    private readonly Dictionary<object, string> _prefixes = [];

    protected override IIncidentStore OtherInstance(IIncidentStore store)
    {
        var connection = new RedisConnection(cluster.ConnectionString, _prefixes[store]);
        _connections.Add(connection);
        return new RedisIncidentStore(connection);
    }

    protected override IBriefingChannelStore OtherChannelsInstance(IBriefingChannelStore store)
    {
        var connection = new RedisConnection(cluster.ConnectionString, _prefixes[store]);
        _connections.Add(connection);
        return new RedisBriefingChannelStore(connection, maxAge: TimeSpan.FromHours(1));
    }

    protected override (IIncidentStore, IBriefingChannelStore, IPostedCardStore, IOutboxStore) CreateStores(
        int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null)
    {
        var prefix = RedisServer.NewPrefix();
        var connection = new RedisConnection(cluster.ConnectionString, prefix);
        _connections.Add(connection);
        var incidents = new RedisIncidentStore(connection);
        var channels = new RedisBriefingChannelStore(connection);
        _prefixes[incidents] = prefix;
        _prefixes[channels] = prefix;
        return (incidents, channels, new RedisPostedCardStore(connection),
            new RedisOutboxStore(connection, TimeSpan.FromDays(7), deadLetterLimit, deadLetterRetention));
    }

    [Fact]
    public async Task Outbox_conversations_spread_over_the_primaries()
    {
        var (_, _, _, outbox) = CreateStores();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 24; i++)
            Assert.True(await outbox.EnqueueAsync(Message($"m{i}", $"19:channel-{i}@thread.tacv2"), now, default));

        var primaries = new HashSet<int>();
        for (var i = 0; i < 24; i++)
            primaries.Add((await cluster.PrimaryOfAsync("{outbox:" + $"19:channel-{i}@thread.tacv2" + "}")).Port);
        Assert.Equal(3, primaries.Count);
        Assert.Equal(24, await outbox.CountPendingAsync(default));
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterSubscriptionStoreTests(RedisCluster cluster) : SubscriptionStoreContract
{
    private RedisConnection _connection = null!;

    public override Task InitializeAsync()
    {
        _connection = new RedisConnection(cluster.ConnectionString, RedisServer.NewPrefix());
        Store = new RedisSubscriptionStore(_connection);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _connection.Dispose();
        return Task.CompletedTask;
    }
}
