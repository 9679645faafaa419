using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Coordination;
using SupportBot.Incidents;
using SupportBot.OnCall;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Coordination;

/// <summary>The three leader-only jobs share one loop: one instance runs them, and a leader that stops hands over at once.</summary>
public sealed class LeaderLoopTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisConnection _connection = new(redis.ConnectionString, RedisServer.NewPrefix());

    [Fact]
    public async Task Reminders_run_on_one_instance_and_a_stopping_leader_gives_its_lease_back_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new OnCallOptions { ReminderCheckInterval = TimeSpan.FromMinutes(10) });
        var store = new InMemoryIncidentStore();
        var commands = new IncidentCommands(store, [], time, NullLogger<IncidentCommands>.Instance);
        UpdateReminders Instance() => new(new OpenIncidentsWatch(store), commands, new RedisLeaderLock(_connection), time, options, NullLogger<UpdateReminders>.Instance);
        var first = Instance();
        var second = Instance();

        await first.RunOnceAsync(default);   // takes the lease, for three check intervals
        Assert.False(await new RedisLeaderLock(_connection).TryAcquireAsync("oncall-update-reminders", TimeSpan.FromSeconds(1), default));

        await first.StartAsync(default);
        await first.StopAsync(default);      // a deploy stops the leader: the lease goes with it, not 30 minutes later

        Assert.True(await new RedisLeaderLock(_connection).TryAcquireAsync("oncall-update-reminders", TimeSpan.FromSeconds(1), default));
        await second.StopAsync(default);
        first.Dispose();
        second.Dispose();
    }

    public void Dispose() => _connection.Dispose();
}
