using System.Net;
using SupportBot.Tests.EndToEnd.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Telemetry;

/// <summary>
/// A webhook the store cannot take (Redis down) is answered by the exception handler, 503 with a problem and Retry-After,
/// and /metrics counts it as failed, so that an operator's alert on failed webhooks fires.
/// </summary>
public sealed class WebhookFailureCountTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_webhook_the_store_cannot_take_gets_a_503_problem_and_is_counted_as_failed()
    {
        await using var bot = new BotApp(RedisBot.Settings(redis, RedisServer.NewPrefix()));
        var http = bot.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);

        await redis.StopAsync();
        try
        {
            var refused = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Search latency high"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            await redis.StartAsync();
        }

        var scrape = await MetricsScrape.FromAsync(http);
        const string name = "supportbot_webhooks_received_total";
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "accepted")));
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "failed"), ("reason", "exception")));
    }
}
