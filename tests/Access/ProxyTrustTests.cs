using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>
/// The public pages' per-client rate limit behind a reverse proxy, against the bot process in Production: the client's
/// address comes from X-Forwarded-For only when the peer is a configured proxy.
/// </summary>
public sealed class ProxyTrustTests
{
    private const int Budget = 3;

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task Two_clients_behind_a_known_proxy_get_separate_budgets(string setting, string proxy)
    {
        await using var bot = await StartAsync(setting, proxy);   // the test connects from 127.0.0.1: it is the proxy

        var alice = await AskAsync(bot, Budget + 1, _ => "203.0.113.10");
        var bob = await AskAsync(bot, Budget, _ => "203.0.113.20");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Budget), HttpStatusCode.TooManyRequests], alice);
        Assert.All(bob, status => Assert.Equal(HttpStatusCode.OK, status));   // Alice used up her budget, not Bob's
    }

    [Fact]
    public async Task Forwarded_for_from_a_peer_that_is_not_a_known_proxy_is_ignored()
    {
        await using var bot = await StartAsync("ForwardedHeaders:KnownProxies:0", "192.0.2.1");   // some other proxy

        // A stranger forging a new address on every request still has one budget: their own.
        var answers = await AskAsync(bot, Budget + 2, i => $"198.51.100.{i + 1}");

        Assert.Equal(Budget, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start()
    {
        var (exitCode, log) = await BotProcess.StartExpectingRefusalAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "proxy.example",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33",
        }));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ForwardedHeaders:KnownProxies: 'proxy.example' is not an IP address", log);
        Assert.Contains("ForwardedHeaders:KnownNetworks: '10.0.0.0/33'", log);
    }

    private static Task<BotProcess> StartAsync(string setting, string value) =>
        BotProcess.StartAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["StatusPage:RequestsPerMinute"] = Budget.ToString(),
            [setting] = value,
        }), environment: "Production");

    private static async Task<List<HttpStatusCode>> AskAsync(BotProcess bot, int times, Func<int, string> forwardedFor)
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/status.json");
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            answers.Add((await bot.Http.SendAsync(request)).StatusCode);
        }
        return answers;
    }
}
