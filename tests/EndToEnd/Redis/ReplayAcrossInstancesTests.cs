using System.Net;
using System.Security.Cryptography;
using System.Text;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>A signed webhook taken by one instance is a replay for every other instance on the same Redis.</summary>
public sealed class ReplayAcrossInstancesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Secret = "grafana-hmac-key-shared-by-instances";

    [Fact]
    public async Task A_replay_sent_to_another_instance_is_refused()
    {
        var settings = RedisBot.Settings(redis, RedisServer.NewPrefix());
        settings["Webhooks:Sources:grafana:Auth:Scheme"] = "Hmac";
        settings["Webhooks:Sources:grafana:Auth:Secret"] = Secret;
        await using var first = new BotApp(settings);
        await using var second = new BotApp(settings);

        var body = Fixtures.Text("grafana-1-firing.json");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        HttpRequestMessage Signed() => new(HttpMethod.Post, "/api/webhooks/grafana")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers =
            {
                { "X-SupportBot-Timestamp", timestamp },
                { "X-SupportBot-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}:{body}"))) },
            },
        };

        Assert.Equal(HttpStatusCode.Accepted, (await first.CreateClient().SendAsync(Signed())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.CreateClient().SendAsync(Signed())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.CreateClient().SendAsync(Signed())).StatusCode);
    }
}
