using SupportBot.Coordination;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Coordination;

public sealed class RedisLeaderLockTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisConnection _connection = new(redis.ConnectionString, RedisServer.NewPrefix());

    [Fact]
    public async Task Only_one_instance_holds_the_lease_and_only_the_holder_renews_or_releases_it()
    {
        var first = new RedisLeaderLock(_connection);
        var second = new RedisLeaderLock(_connection);
        var lease = TimeSpan.FromMinutes(1);

        Assert.True(await first.TryAcquireAsync("digests", lease, default));
        Assert.False(await second.TryAcquireAsync("digests", lease, default));
        Assert.True(await first.TryAcquireAsync("digests", lease, default)); // renewal
        Assert.True(await second.TryAcquireAsync("reminders", lease, default)); // another name is another lease

        await second.ReleaseAsync("digests", default); // not the holder: no effect
        Assert.False(await second.TryAcquireAsync("digests", lease, default));

        await first.ReleaseAsync("digests", default);
        Assert.True(await second.TryAcquireAsync("digests", lease, default));
    }

    [Fact]
    public async Task A_leader_that_stops_renewing_is_replaced_when_its_lease_expires()
    {
        var crashed = new RedisLeaderLock(_connection);
        var survivor = new RedisLeaderLock(_connection);
        Assert.True(await crashed.TryAcquireAsync("digests", TimeSpan.FromMilliseconds(300), default));
        Assert.False(await survivor.TryAcquireAsync("digests", TimeSpan.FromSeconds(10), default));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await survivor.TryAcquireAsync("digests", TimeSpan.FromSeconds(10), default))
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired lease was never taken over");
            await Task.Delay(50);
        }
        Assert.False(await crashed.TryAcquireAsync("digests", TimeSpan.FromSeconds(10), default));
    }

    public void Dispose() => _connection.Dispose();
}
