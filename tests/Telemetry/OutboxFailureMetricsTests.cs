using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Channels;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Telemetry;

/// <summary>
/// What an operator sees on /metrics and in the log when the channel will not take a message: a dead letter counts,
/// and a channel that says the bot is gone (403, 404) is unsubscribed, counted by reason and named in the log.
/// </summary>
public sealed class OutboxFailureMetricsTests : IAsyncLifetime
{
    private const string Healthy = "19:support-general@thread.tacv2";
    private readonly CapturingLoggerProvider _log = new();
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(new Dictionary<string, string?>
        {
            ["Outbox:MaxAttempts"] = "2",
            ["Outbox:BaseDelay"] = "00:00:00.050",
            ["Outbox:MaxDelay"] = "00:00:00.200",
            ["Outbox:PollInterval"] = "00:00:00.050",
        }, services => services.AddSingleton<ILoggerProvider>(_log));
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private async Task AddBotAsync(params string[] conversations)
    {
        var chat = new BotClient(_http, _connector.Url);
        foreach (var conversation in conversations)
        {
            await chat.AddBotAsync(conversation);
            await _connector.WaitForAsync(c => c.ReplyToId is not null && c.ConversationId == conversation, what: $"the greeting in {conversation}");
        }
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the counters move just after the store has recorded the outcome).</summary>
    private async Task<MetricsScrape> ScrapeUntilAsync(Func<MetricsScrape, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var scrape = await MetricsScrape.FromAsync(_http);
            if (done(scrape)) return scrape;
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what} on /metrics");
            await Task.Delay(100);
        }
    }

    private static double DeadLettered(MetricsScrape s) => s.Sum("supportbot_outbox_messages_total", ("event", "dead_lettered"));

    [Fact]
    public async Task A_card_the_channel_keeps_failing_is_dead_lettered_and_counted_and_the_channel_stays_subscribed()
    {
        await AddBotAsync(Healthy);
        var before = await MetricsScrape.FromAsync(_http);
        Assert.Equal(0, DeadLettered(before));
        _connector.Fault = call => call is { Method: "POST", ReplyToId: null } ? (500, null) : null;

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        var after = await ScrapeUntilAsync(s => DeadLettered(s) >= 1, "the dead letter");
        Assert.Equal(1, DeadLettered(after));
        Assert.Equal(1, after.Sum("supportbot_outbox_messages_total", ("event", "retried")) - before.Sum("supportbot_outbox_messages_total", ("event", "retried")));
        Assert.Equal(0, after.Sum("supportbot_outbox_messages_total", ("event", "sent")) - before.Sum("supportbot_outbox_messages_total", ("event", "sent")));
        Assert.Equal(0, after.Sum("supportbot_briefing_channels_unsubscribed_total"));   // a 500 is not "the bot is gone"
        Assert.Contains(await _bot.Service<IBriefingChannelStore>().ListAsync(default), c => c.Reference.Conversation.Id == Healthy);
        // The counter moves just before the log line is written: wait for the line rather than race it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!_log.Lines.Any(l => l.StartsWith("Dead-lettered", StringComparison.Ordinal) && l.Contains(Healthy)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no 'Dead-lettered' log line for " + Healthy);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Channels_that_answer_403_or_404_are_unsubscribed_counted_by_reason_and_named_in_the_log()
    {
        const string removed = "19:bot-was-removed@thread.tacv2";
        const string deleted = "19:conversation-deleted@thread.tacv2";
        await AddBotAsync(Healthy, removed, deleted);
        _connector.Fault = call => call.ConversationId switch
        {
            removed => (403, null),
            deleted => (404, null),
            _ => null,
        };

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null, ConversationId: Healthy } && c.Card is not null, what: "the briefing in the healthy channel");
        var scrape = await ScrapeUntilAsync(s => s.Sum("supportbot_briefing_channels_unsubscribed_total") >= 2, "both channels unsubscribed");
        Assert.Equal(1, scrape.Sum("supportbot_briefing_channels_unsubscribed_total", ("reason", "forbidden")));
        Assert.Equal(1, scrape.Sum("supportbot_briefing_channels_unsubscribed_total", ("reason", "not_found")));
        Assert.Equal(2, DeadLettered(scrape));
        Assert.Equal(0, scrape.Sum("supportbot_outbox_messages_total", ("event", "retried")));   // gone is gone: no retry
        Assert.Equal([Healthy], (await _bot.Service<IBriefingChannelStore>().ListAsync(default)).Select(c => c.Reference.Conversation.Id));
        Assert.Contains(_log.Lines, l => l.StartsWith($"Unsubscribed {removed} from outage briefings: the channel answered 403", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.StartsWith($"Unsubscribed {deleted} from outage briefings: the channel answered 404", StringComparison.Ordinal));
    }
}
