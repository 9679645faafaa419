using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Infrastructure;
using StackExchange.Redis;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// With ConnectionStrings:Redis set, the answer cache in front of Loki and Azure AI Language lives in Redis: a second
/// bot sharing that Redis answers the same logs question without calling Loki or Azure again, and /metrics of each
/// bot counts its misses and hits. Loki is the stand-in; Azure is a stand-in speaking its REST contract over HTTP.
/// </summary>
public sealed class AnswerCacheOnRedisTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Question = "logs checkout 15m";
    private readonly string _prefix = RedisServer.NewPrefix();
    private LokiStandIn _loki = null!;
    private AzureLanguageStandIn _azure = null!;
    private ConnectorStandIn _connector = null!;
    private BotApp _first = null!;
    private BotApp _second = null!;

    public async Task InitializeAsync()
    {
        _loki = await LokiStandIn.StartAsync();
        _azure = await AzureLanguageStandIn.StartAsync();
        _connector = await ConnectorStandIn.StartAsync();
        await _loki.PushLineAsync("checkout", "level=error msg=\"refund failed\" customer=\"Jane Doe\" mail=jane.doe@example.com", DateTimeOffset.UtcNow.AddMinutes(-1));
        var settings = Settings(redis, _prefix);
        settings["Logs:LokiUrl"] = _loki.Url;
        settings["Logs:Selectors:checkout-api"] = "{app=\"checkout\"}";
        settings["Questions:Services:checkout-api:Aliases:0"] = "checkout";
        settings["Redaction:AzureLanguage:Endpoint"] = _azure.Url;
        settings["Redaction:AzureLanguage:Key"] = "azure-key-1";
        _first = new BotApp(settings);
        _second = new BotApp(settings);
        // Both bots are up before the clock is read: the questions must not straddle a minute while one starts.
        foreach (var bot in new[] { _first, _second }) await MetricsScrape.FromAsync(bot.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _connector.DisposeAsync();
        await _azure.DisposeAsync();
        await _loki.DisposeAsync();
    }

    private async Task<string> AskAsync(BotApp bot, string text)
    {
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await new BotClient(bot.CreateClient(), _connector.Url).SayAsync(Channel, text);
        Assert.True(response.IsSuccessStatusCode, $"/api/messages answered {(int)response.StatusCode}");
        return (await _connector.WaitForAsync(c => c.ReceivedAt > before && c.ReplyToId is not null, what: $"the answer to \"{text}\"")).Visible;
    }

    private int LokiQueries => _loki.Queries.Count(q => q["query"] == "{app=\"checkout\"}");

    private static double Cache(MetricsScrape scrape, string cache, string result) =>
        scrape.Sum("supportbot_cache_requests_total", ("cache", cache), ("result", result));

    [Fact]
    public async Task A_second_bot_on_the_same_Redis_answers_the_same_question_from_the_cache_without_Loki_or_Azure()
    {
        // Both questions must fall in one minute of the clock: the Loki cache key is the range to the minute.
        if (DateTime.UtcNow.Second >= 40) await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));

        var first = await AskAsync(_first, Question);
        Assert.Equal(1, LokiQueries);
        Assert.Equal(1, _azure.Calls);
        Assert.Contains("customer=\"[person]\"", first);    // Azure's redaction of the name is shown…
        Assert.Contains("mail=[email]", first);             // …over the built-in one, which Azure was given

        var second = await AskAsync(_second, Question);

        Assert.Equal(first, second);
        Assert.Equal(1, LokiQueries);     // neither Loki…
        Assert.Equal(1, _azure.Calls);    // …nor Azure (billed per record) was asked again
        var one = await MetricsScrape.FromAsync(_first.CreateClient());
        var two = await MetricsScrape.FromAsync(_second.CreateClient());
        Assert.Equal((1, 0), (Cache(one, "loki", "miss"), Cache(one, "loki", "hit")));
        Assert.Equal((1, 0), (Cache(one, "pii", "miss"), Cache(one, "pii", "hit")));
        Assert.Equal((0, 1), (Cache(two, "loki", "miss"), Cache(two, "loki", "hit")));
        Assert.Equal((0, 1), (Cache(two, "pii", "miss"), Cache(two, "pii", "hit")));
        Assert.Equal(0, two.Sum("supportbot_dependency_calls_total"));

        // The shared answers are Redis keys under the bot's prefix, keyed by hashes: no log text in a key.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = connection.GetServer(redis.ConnectionString).Keys(pattern: _prefix + "cache:*").Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.StartsWith(_prefix + "cache:loki:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(_prefix + "cache:pii:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains("checkout") || k.Contains("jane", StringComparison.OrdinalIgnoreCase));

        // And the same bot asked again gets its own hit.
        Assert.Equal(first, await AskAsync(_first, Question));
        var again = await MetricsScrape.FromAsync(_first.CreateClient());
        Assert.Equal(1, Cache(again, "loki", "hit"));
        Assert.Equal(1, LokiQueries);
        Assert.Equal(1, _azure.Calls);
    }

    /// <summary>
    /// Azure AI Language's PII endpoint as far as the bot uses it (POST /language/:analyze-text, key header, documents
    /// in, redactedText out): it "recognizes" the name Jane Doe, and counts the calls it was billed for.
    /// </summary>
    private sealed class AzureLanguageStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _bodies = new();

        private AzureLanguageStandIn(WebApplication app) => _app = app;

        public string Url => _app.Urls.First().TrimEnd('/');
        public int Calls => _bodies.Count;

        public static async Task<AzureLanguageStandIn> StartAsync()
        {
            var app = Loopback.StandInApp();
            var self = new AzureLanguageStandIn(app);
            app.MapPost("/language/{operation}", async (string operation, HttpRequest request) =>
            {
                if (operation != ":analyze-text" || request.Headers["Ocp-Apim-Subscription-Key"] != "azure-key-1") return Results.StatusCode(401);
                var body = (await JsonNode.ParseAsync(request.Body))!;
                self._bodies.Enqueue(body.ToJsonString());
                var documents = body["analysisInput"]!["documents"]!.AsArray().Select(d => (JsonNode)new JsonObject
                {
                    ["id"] = d!["id"]!.GetValue<string>(),
                    ["redactedText"] = d["text"]!.GetValue<string>().Replace("Jane Doe", "[person]"),
                    ["entities"] = new JsonArray(),
                    ["warnings"] = new JsonArray(),
                }).ToArray();
                return Results.Json(new JsonObject
                {
                    ["kind"] = "PiiEntityRecognitionResults",
                    ["results"] = new JsonObject { ["documents"] = new JsonArray(documents), ["errors"] = new JsonArray(), ["modelVersion"] = "2023-09-01" },
                });
            });
            await app.StartAsync();
            return self;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
