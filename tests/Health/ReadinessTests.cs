using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Health;

/// <summary>/readyz follows a real redis-server as it is stopped and started again; /healthz (liveness) does not.</summary>
public sealed class ReadinessTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Readiness_is_503_while_Redis_is_stopped_and_200_again_once_it_is_back()
    {
        await using var bot = new BotApp(redis.Settings(RedisServer.NewPrefix()));
        var http = bot.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        await redis.StopAsync();
        var down = await WaitForAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("\"redis\":\"unhealthy\"", down);
        Assert.DoesNotContain(redis.Port.ToString(), down); // public endpoint: no hosts or ports
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        await redis.StartAsync();
        var up = await WaitForAsync(http, HttpStatusCode.OK);
        Assert.Contains("\"redis\":\"healthy\"", up);
    }

    [Fact]
    public async Task Without_Redis_readiness_has_nothing_to_wait_for()
    {
        await using var bot = new BotApp();
        var response = await bot.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static async Task<string> WaitForAsync(HttpClient http, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await http.GetAsync("/readyz");
            if (response.StatusCode == expected) return await response.Content.ReadAsStringAsync();
            Assert.True(DateTime.UtcNow < deadline, $"/readyz still answers {(int)response.StatusCode}, expected {(int)expected}");
            await Task.Delay(200);
        }
    }
}
