using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// Loki behind the bot's resilience pipeline and answer cache, asked through /api/messages: a failing Loki stops being
/// called (the rep is told at once that logs are unavailable), and the same question in the same minute is answered
/// from the cache, which /metrics counts.
/// </summary>
public sealed class LogsResilienceAndCacheTests : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private LokiStandIn _loki = null!;
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _loki = await LokiStandIn.StartAsync();
        _connector = await ConnectorStandIn.StartAsync();
        await _loki.PushLineAsync("checkout", "level=error msg=\"payment declined\" customer=jane.doe@example.com", DateTimeOffset.UtcNow.AddMinutes(-1));
        _bot = new BotApp(new Dictionary<string, string?>
        {
            ["Logs:LokiUrl"] = _loki.Url,
            ["Logs:Selectors:checkout-api"] = "{app=\"checkout\"}",
            ["Questions:Services:checkout-api:Aliases:0"] = "checkout",
        });
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _loki.DisposeAsync();
    }

    private async Task<string> AskAsync(string text)
    {
        var earlier = _connector.Replies.ToHashSet();
        var response = await new BotClient(_http, _connector.Url).SayAsync(Channel, text);
        Assert.True(response.IsSuccessStatusCode, $"/api/messages answered {(int)response.StatusCode}");
        var answer = await _connector.WaitForAsync(c => c.ReplyToId is not null && !earlier.Contains(c), what: $"the answer to \"{text}\"");
        return answer.Visible;
    }

    private int LokiQueries => _loki.Queries.Count(q => q["query"] == "{app=\"checkout\"}");

    [Fact]
    public async Task While_Loki_fails_the_circuit_opens_and_reps_are_told_at_once_without_calling_Loki()
    {
        _loki.FailWith = 503;

        // The first questions try Loki (with retries) and name the outage; the failures open the circuit.
        for (var i = 0; i < 2; i++) Assert.Contains("loki logs are unavailable right now", await AskAsync("logs checkout"));
        var triedBeforeOpen = LokiQueries;
        Assert.True(triedBeforeOpen >= 4, $"retries reached Loki {triedBeforeOpen} times");

        var seen = await AskAsync("logs checkout");

        Assert.Contains("loki logs are unavailable right now", seen);
        Assert.Equal(triedBeforeOpen, LokiQueries); // answered from the open circuit: Loki was not asked again
        var scrape = await MetricsScrape.FromAsync(_http);
        Assert.True(scrape.Sum("supportbot_dependency_calls_total", ("dependency", "loki"), ("outcome", "circuit_open")) >= 1);
        Assert.True(scrape.Sum("supportbot_dependency_calls_total", ("dependency", "loki"), ("outcome", "error")) >= 1);
        Assert.Equal(0, scrape.Sum("supportbot_cache_requests_total", ("cache", "loki"), ("result", "hit"))); // failures are not cached
    }

    [Fact]
    public async Task The_same_question_in_the_same_minute_is_answered_from_the_cache()
    {
        // Both questions must fall in one minute of the clock: the cache key is the range to the minute.
        if (DateTime.UtcNow.Second >= 50) await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));

        var first = await AskAsync("logs checkout 15m");
        var second = await AskAsync("logs checkout 15m");

        Assert.Contains("customer=[email]", first);
        Assert.Equal(first, second);
        Assert.Equal(1, LokiQueries);
        var scrape = await MetricsScrape.FromAsync(_http);
        Assert.Equal(1, scrape.Sum("supportbot_cache_requests_total", ("cache", "loki"), ("result", "miss")));
        Assert.Equal(1, scrape.Sum("supportbot_cache_requests_total", ("cache", "loki"), ("result", "hit")));
        Assert.Equal(1, scrape.Sum("supportbot_dependency_calls_total", ("dependency", "loki"), ("outcome", "success")));
        Assert.Equal(1, scrape.Sum("supportbot_dependency_call_duration_seconds_count", ("dependency", "loki")));
    }
}
