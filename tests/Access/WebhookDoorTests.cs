using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>Webhooks against the bot process in Production: replays, bodies from strangers, secrets in URLs.</summary>
public sealed class WebhookDoorTests
{
    private const string HmacSecret = "grafana-hmac-key-for-the-door-tests";
    private const string AzureToken = "azure-query-token-7f3a9c";

    private static Dictionary<string, string?> Settings() => ProductionSettings.With(new Dictionary<string, string?>
    {
        ["Webhooks:Sources:grafana:Auth:Scheme"] = "Hmac",
        ["Webhooks:Sources:grafana:Auth:Secret"] = HmacSecret,
        ["Webhooks:Sources:grafana:Auth:SignatureHeader"] = "X-Grafana-Alerting-Signature",
        ["Webhooks:Sources:grafana:Auth:TimestampHeader"] = "X-Grafana-Alerting-Timestamp",
        ["Webhooks:Sources:azure-monitor:Auth:Scheme"] = "Bearer",
        ["Webhooks:Sources:azure-monitor:Auth:Token"] = AzureToken,
        ["Webhooks:Sources:azure-monitor:Auth:QueryParameter"] = "token",
        // What an operator debugging requests would switch on.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
    });

    [Fact]
    public async Task A_signed_webhook_is_taken_once_and_its_replays_are_refused()
    {
        await using var bot = await BotProcess.StartAsync(Settings(), environment: "Production");
        var body = Fixtures.Text("grafana-1-firing.json");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacSecret), Encoding.UTF8.GetBytes($"{timestamp}:{body}")));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/grafana") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Grafana-Alerting-Timestamp", timestamp);
            request.Headers.Add("X-Grafana-Alerting-Signature", signature);
            answers.Add((await bot.Http.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, .. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5)], answers);
    }

    [Theory]
    [InlineData("alertmanager", "")]
    [InlineData("alertmanager", "Authorization: Bearer wrong-token\r\n")]
    [InlineData("grafana", "X-Grafana-Alerting-Signature: sha256=00\r\n")]
    public async Task A_stranger_is_refused_before_the_bot_reads_the_body(string source, string headers)
    {
        await using var bot = await BotProcess.StartAsync(Settings(), environment: "Production");
        var address = new Uri(bot.Url);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        // Announces 1 MB and sends 10 bytes: a bot that reads the body first waits for the rest.
        var head = $"POST /api/webhooks/{source} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n{headers}Content-Length: 1048000\r\n\r\n{{\"alerts\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        Assert.StartsWith("HTTP/1.1 401", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_token_in_the_query_string_never_reaches_the_log()
    {
        await using var bot = await BotProcess.StartAsync(Settings(), environment: "Production");
        var accepted = await bot.Http.PostAsync($"/api/webhooks/azure-monitor?token={AzureToken}", Fixtures.Json("azure-monitor-1-fired.json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await bot.WaitForLogAsync("token=[redacted]");
        Assert.DoesNotContain(AzureToken, bot.Log);
    }
}
