using SupportBot.Outbox;
using SupportBot.Storage;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

public sealed class InMemoryStoreContractTests : StoreContract
{
    protected override (IIncidentStore, IChannelStore, IOutboxStore) CreateStores() =>
        (new InMemoryIncidentStore(), new InMemoryChannelStore(), new InMemoryOutboxStore());
}

public sealed class RedisStoreContractTests(RedisServer redis) : StoreContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    protected override (IIncidentStore, IChannelStore, IOutboxStore) CreateStores()
    {
        var connection = new RedisConnection(redis.ConnectionString, RedisServer.NewPrefix());
        _connections.Add(connection);
        return (new RedisIncidentStore(connection), new RedisChannelStore(connection), new RedisOutboxStore(connection, TimeSpan.FromDays(7)));
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());
}
