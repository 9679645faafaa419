using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Digests;
using SupportBot.Storage;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Two bot instances on one store: the digest goes out once, whichever instance's scheduler gets there first.</summary>
public sealed class DigestTwoHostsTests : IAsyncLifetime
{
    private const string Mia = "a:1personal-chat-mia";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
    private ConnectorStandIn _connector = null!;
    private BotApp _first = null!;
    private BotApp _second = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        var subscriptions = new InMemorySubscriptionStore(_clock);
        var incidents = new InMemoryIncidentStore();
        _first = new BotApp(services: s => Share(s, subscriptions, incidents));
        _second = new BotApp(services: s => Share(s, subscriptions, incidents));
        _first.CreateClient();
        _second.CreateClient();
    }

    private void Share(IServiceCollection services, ISubscriptionStore subscriptions, IIncidentStore incidents)
    {
        services.Replace<TimeProvider>(_clock).Replace(subscriptions).Replace(incidents);
        // The test runs both instances' passes itself, at the same moments, instead of their timers.
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DigestScheduler)));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Only_one_of_two_instances_sends_each_digest_across_the_spring_clock_change()
    {
        var chat = new BotClient(_first.CreateClient(), _connector.Url);
        var subscribe = chat.Base(ActivityTypes.Message, Mia, "personal");
        subscribe.Text = "subscribe digest daily 09:00";
        subscribe.From = new ChannelAccount("29:mia", "Mia Manager");
        subscribe.LocalTimezone = "Europe/Berlin";
        await chat.SendAsync(subscribe);
        await _connector.WaitForAsync(c => c.Text.Contains("Subscribed #1"), what: "the confirmation");

        var runners = new[] { _first.Service<DigestRunner>(), _second.Service<DigestRunner>() };
        var sent = new List<(DateTimeOffset At, int Count)>();
        // Every ten minutes for three days, both instances check at the same moment.
        for (var i = 0; i < 3 * 24 * 6; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(10));
            var counts = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(default))));
            if (counts.Sum() > 0) sent.Add((_clock.GetUtcNow(), counts.Sum()));
        }

        // 09:00 in Berlin is 07:00 UTC from Sunday 29 March on: the clocks went forward at 02:00 that night.
        Assert.Equal(
            [(Utc(3, 29, 7), 1), (Utc(3, 30, 7), 1), (Utc(3, 31, 7), 1)],
            sent);
        var digests = _connector.Posts.Where(c => c.ConversationId == Mia).ToList();
        Assert.Equal(3, digests.Count);
        Assert.Contains("Sat 2026-03-28 09:00 → Sun 2026-03-29 09:00 (Europe/Berlin)", digests[0].Visible);
    }

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);
}
