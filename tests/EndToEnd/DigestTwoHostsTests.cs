using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Storage.InMemory;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Two bot instances on one store: each digest goes out once, whichever instance gets there first.</summary>
public abstract class DigestTwoHostsContract : IAsyncLifetime
{
    protected const string Mia = "a:1personal-chat-mia";
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
    protected ConnectorStandIn Connector = null!;
    private BotApp _first = null!;
    private BotApp _second = null!;

    public virtual async Task InitializeAsync()
    {
        Connector = await ConnectorStandIn.StartAsync();
        _first = CreateHost();
        _second = CreateHost();
        _first.CreateClient();
        _second.CreateClient();
    }

    protected abstract BotApp CreateHost();

    /// <summary>The clock is shared; the test runs both instances' passes itself, at the same moments, instead of their timers.</summary>
    protected void ShareClockWithoutTimers(IServiceCollection services)
    {
        services.Replace<TimeProvider>(Clock);
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DigestScheduler)));
    }

    public virtual async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await Connector.DisposeAsync();
    }

    [Fact]
    public async Task Only_one_of_two_instances_sends_each_digest_across_the_spring_clock_change()
    {
        await SubscribeAsync(_first, "subscribe digest daily 09:00");
        Assert.Single(await _second.Service<ISubscriptionStore>().ListAsync(default)); // one store, seen by both

        var runners = new[] { _first.Service<DigestRunner>(), _second.Service<DigestRunner>() };
        var sent = new List<(DateTimeOffset At, int Count)>();
        // Every ten minutes for three days, both instances check at the same moment.
        for (var i = 0; i < 3 * 24 * 6; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(10));
            var counts = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(default))));
            if (counts.Sum() == 0) continue;
            sent.Add((Clock.GetUtcNow(), counts.Sum()));
            // The outbox sends it on its own: let it, before the shared clock jumps on (in real time a send takes milliseconds, not ten minutes).
            await OutboxDrain.WaitUntilSentAsync(null, _first, _second);
        }

        // 09:00 in Berlin is 07:00 UTC from Sunday 29 March on: the clocks went forward at 02:00 that night.
        Assert.Equal([(Utc(3, 29, 7), 1), (Utc(3, 30, 7), 1), (Utc(3, 31, 7), 1)], sent);
        var digests = Connector.Posts.Where(c => c.ConversationId == Mia).ToList();
        Assert.Equal(3, digests.Count);
        Assert.Contains("Sat 2026-03-28 09:00 → Sun 2026-03-29 09:00 (Europe/Berlin)", digests[0].Visible);
    }

    protected async Task SubscribeAsync(BotApp host, string text)
    {
        var chat = new BotClient(host.CreateClient(), Connector.Url);
        var subscribe = chat.Base(ActivityTypes.Message, Mia, "personal");
        subscribe.Text = text;
        subscribe.From = new ChannelAccount("29:mia", "Mia Manager");
        subscribe.LocalTimezone = "Europe/Berlin";
        await chat.SendAsync(subscribe);
        await Connector.WaitForAsync(c => c.Text.Contains("Subscribed #"), what: "the confirmation");
    }

    protected static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
}

public sealed class DigestTwoHostsInProcessTests : DigestTwoHostsContract
{
    private readonly InMemorySubscriptionStore _subscriptions;
    private readonly InMemoryIncidentStore _incidents = new();

    public DigestTwoHostsInProcessTests() => _subscriptions = new InMemorySubscriptionStore(Clock);

    protected override BotApp CreateHost() => new(OutboxDrain.LongSendWindow(), services: s =>
    {
        ShareClockWithoutTimers(s);
        s.Replace<ISubscriptionStore>(_subscriptions).Replace<IIncidentStore>(_incidents);
    });
}

public sealed class DigestTwoHostsOnRedisTests : DigestTwoHostsContract
{
    private RedisServerProcess _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }

    protected override BotApp CreateHost() => new(
        OutboxDrain.LongSendWindow(new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString }),
        ShareClockWithoutTimers);

    [Fact]
    public async Task A_digest_missed_while_down_is_sent_once_after_the_restart_and_not_again_after_the_next()
    {
        await using (var before = StartedHost())
            await SubscribeAsync(before, "subscribe digest daily 09:00");

        // The bot was down at 09:00 Berlin (07:00 UTC) and comes back at 09:30 UTC, within the grace period.
        Clock.SetUtcNow(Utc(3, 29, 9, 30));
        await using (var restarted = StartedHost())
        {
            var digest = await Connector.WaitForAsync(c => c.ConversationId == Mia && c.Card is not null, what: "the late digest");
            Assert.Contains("Sat 2026-03-28 09:00 → Sun 2026-03-29 09:00 (Europe/Berlin)", digest.Visible);
            await OutboxDrain.WaitUntilSentAsync(null, restarted);
        }

        Clock.Advance(TimeSpan.FromMinutes(10));
        await using (var again = StartedHost())
            Assert.Equal(0, await again.Service<DigestRunner>().RunDueAsync(default));
        Assert.Single(Connector.Posts, c => c.ConversationId == Mia);
    }

    [Fact]
    public async Task A_digest_queued_once_is_not_queued_again_by_another_instance_even_when_its_claim_is_given_back()
    {
        await using var first = StartedHost();
        await SubscribeAsync(first, "subscribe digest daily 09:00");
        Clock.SetUtcNow(Utc(3, 29, 7, 0));
        var due = Utc(3, 29, 7, 0);
        var digest = await Connector.WaitForAsync(c => c.ConversationId == Mia && c.Card is not null, what: "the digest");
        Assert.Contains("Sat 2026-03-28 09:00 → Sun 2026-03-29 09:00 (Europe/Berlin)", digest.Visible);
        await OutboxDrain.WaitUntilSentAsync(null, first);

        // The claim is gone (expired, or given back by a failure): the outbox still knows digest:{subscription}:{due}.
        await using var second = StartedHost();
        var subscription = Assert.Single(await second.Service<ISubscriptionStore>().ListAsync(default));
        await second.Service<ISubscriptionStore>().ReleaseDigestAsync(subscription.Id, due, default);

        Assert.Equal(0, await second.Service<DigestRunner>().RunDueAsync(default));
        await OutboxDrain.WaitUntilSentAsync(null, first, second);
        Assert.Single(Connector.Posts, c => c.ConversationId == Mia && c.Card is not null);
    }

    private BotApp StartedHost()
    {
        var host = new BotApp(OutboxDrain.LongSendWindow(new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString }),
            s => s.Replace<TimeProvider>(Clock));
        host.CreateClient();
        return host;
    }
}
