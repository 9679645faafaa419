using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>The public pages against the bot process in Production: no forged hosts in links, rate-limited, cached.</summary>
public sealed class PublicPageTests
{
    private static readonly string[] PublicPaths = ["/status", "/status.json", "/status.atom"];

    [Fact]
    public async Task A_forged_host_header_never_ends_up_in_the_public_links()
    {
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(), environment: "Production");
        await PostAlertAsync(bot);

        foreach (var path in PublicPaths)
        {
            var page = await GetAsync(bot, path, host: "evil.example");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("evil.example", await page.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Links_use_the_public_url_and_allowed_hosts_refuse_other_hosts()
    {
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["StatusPage:PublicUrl"] = "https://status.example.com",
            ["AllowedHosts"] = "status.example.com;127.0.0.1",
        }), environment: "Production");
        await PostAlertAsync(bot);

        var feed = await (await GetAsync(bot, "/status.atom")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"https://status.example.com/status.atom\"", feed);
        Assert.Contains("https://status.example.com/status#INC-1", await (await GetAsync(bot, "/status.json")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(bot, "/status.json", host: "evil.example")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_asks_too_often_gets_429_with_retry_after()
    {
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["StatusPage:RequestsPerMinute"] = "5",
        }), environment: "Production");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) answers.Add(await GetAsync(bot, PublicPaths[i % PublicPaths.Length]));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 says when to come back");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Pages_come_from_the_output_cache_until_an_incident_changes()
    {
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(), environment: "Production");

        await GetAsync(bot, "/status.json");
        var cached = await GetAsync(bot, "/status.json");
        Assert.NotNull(cached.Headers.Age);
        Assert.DoesNotContain("INC-1", await cached.Content.ReadAsStringAsync());

        await PostAlertAsync(bot);
        Assert.Contains("INC-1", await (await GetAsync(bot, "/status.json")).Content.ReadAsStringAsync());
    }

    private static async Task PostAlertAsync(BotProcess bot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/alertmanager") { Content = Fixtures.Json("alertmanager-firing.json") };
        request.Headers.Authorization = new("Bearer", ProductionSettings.WebhookToken);
        Assert.Equal(HttpStatusCode.Accepted, (await bot.Http.SendAsync(request)).StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(BotProcess bot, string path, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host;
        return bot.Http.SendAsync(request);
    }
}
