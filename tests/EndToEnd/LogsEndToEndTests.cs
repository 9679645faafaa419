using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Loki with log lines pushed through its push API, started once for the class.</summary>
public sealed class LokiWithLines : IAsyncLifetime
{
    public LokiStandIn Loki { get; private set; } = null!;
    public DateTimeOffset PushedAt { get; private set; }

    public async Task InitializeAsync()
    {
        Loki = await LokiStandIn.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Loki.Url + "/ready")).StatusCode);

        PushedAt = DateTimeOffset.UtcNow;
        string Ns(int minutesAgo) => (PushedAt.AddMinutes(-minutesAgo).ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var push = new JsonObject
        {
            ["streams"] = new JsonArray(
                new JsonObject
                {
                    ["stream"] = new JsonObject { ["app"] = "checkout", ["env"] = "prod" },
                    ["values"] = new JsonArray(
                        new JsonArray(Ns(4), "level=info msg=\"healthy\" version=10.0.11"),
                        new JsonArray(Ns(3), "level=error msg=\"upstream timeout\" Authorization: Bearer abcDEF1234567890xyz"),
                        new JsonArray(Ns(2), "level=info msg=\"order placed\" order=3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b client_ip=81.2.69.160"),
                        new JsonArray(Ns(1), "level=error msg=\"payment declined\" customer=jane.doe@example.com card=4111 1111 1111 1111")),
                },
                new JsonObject
                {
                    ["stream"] = new JsonObject { ["app"] = "checkout", ["env"] = "prod", ["pod"] = "checkout-2" },
                    ["values"] = new JsonArray(new JsonArray(Ns(40), "level=info msg=\"old line outside the range\"")),
                },
                new JsonObject
                {
                    ["stream"] = new JsonObject { ["app"] = "payments" },
                    ["values"] = new JsonArray(new JsonArray(Ns(1), "level=error msg=\"a payments line\"")),
                }),
        };
        var pushed = await http.PostAsync(Loki.Url + "/loki/api/v1/push", new StringContent(push.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
    }

    public async Task DisposeAsync() => await Loki.DisposeAsync();
}

/// <summary>"logs checkout 15m" through /api/messages: the bot queries Loki and answers with a bounded, redacted snippet.</summary>
public sealed class LogsEndToEndTests(LokiWithLines fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LokiWithLines>, IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = NewBot(fixture.Loki.Url);
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private static BotApp NewBot(string lokiUrl) => new(new Dictionary<string, string?>
    {
        ["Logs:LokiUrl"] = lokiUrl,
        ["Logs:Selectors:checkout-api"] = "{app=\"checkout\"}",
        ["Logs:GrafanaUrl"] = "https://grafana.example.com",
        ["Logs:GrafanaLokiDatasourceUid"] = "P8E80F9AEF21F6940",
        ["Questions:Services:checkout-api:Aliases:0"] = "checkout",
    });

    private async Task<ConnectorCall> AskAsync(string text, string channelId = "msteams")
    {
        var response = await new BotClient(_http, _connector.Url, channelId).SayAsync(Channel, text);
        Assert.True(response.IsSuccessStatusCode, $"/api/messages answered {(int)response.StatusCode}");
        return await _connector.WaitForAsync(c => c.ReplyToId is not null, what: $"the answer to \"{text}\"");
    }

    [Fact]
    public async Task Logs_checkout_15m_shows_the_lines_newest_first_redacted_marked_and_linked()
    {
        var answer = await AskAsync("logs checkout 15m");
        var seen = answer.Visible;

        Assert.Contains("Logs · checkout-api", seen);
        Assert.Contains("From Loki", seen);
        Assert.Contains("msg=\"payment declined\" customer=[email] card=[card]", seen);
        Assert.Contains("order=3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b client_ip=[ip]", seen);
        Assert.Contains("Authorization: Bearer [token]", seen);
        Assert.Contains("version=10.0.11", seen);
        foreach (var secret in new[] { "jane.doe", "4111 1111", "81.2.69.160", "abcDEF1234567890xyz" })
            Assert.DoesNotContain(secret, seen);
        Assert.DoesNotContain("old line outside the range", seen);
        Assert.DoesNotContain("a payments line", seen);
        Assert.True(seen.IndexOf("payment declined", StringComparison.Ordinal) < seen.IndexOf("order placed", StringComparison.Ordinal), "newest first");

        var blocks = answer.Card!.Descendants().OfType<JObject>().Where(o => o.Value<string>("fontType") == "Monospace").ToList();
        Assert.Equal(4, blocks.Count);
        var declined = blocks.Single(b => b.Value<string>("text")!.Contains("payment declined"));
        Assert.StartsWith("⛔", declined.Value<string>("text"));
        Assert.Equal("attention", declined.Value<string>("color"));
        var healthy = blocks.Single(b => b.Value<string>("text")!.Contains("healthy"));
        Assert.DoesNotContain("⛔", healthy.Value<string>("text"));

        var link = answer.Card!["actions"]!.Single(a => a.Value<string>("title") == "Open in Grafana Explore").Value<string>("url")!;
        Assert.StartsWith("https://grafana.example.com/explore?schemaVersion=1&orgId=1&panes=", link);
        var panes = JsonNode.Parse(Uri.UnescapeDataString(link[(link.IndexOf("panes=", StringComparison.Ordinal) + 6)..]))!;
        var pane = panes.AsObject().Single().Value!;
        Assert.Equal("{app=\"checkout\"}", pane["queries"]![0]!["expr"]!.GetValue<string>());
        Assert.Equal("P8E80F9AEF21F6940", pane["queries"]![0]!["datasource"]!["uid"]!.GetValue<string>());

        var query = fixture.Loki.Queries.Last(q => q["query"] == "{app=\"checkout\"}");
        Assert.Equal("backward", query["direction"]);
        Assert.Equal("20", query["limit"]);
        var span = long.Parse(query["end"], CultureInfo.InvariantCulture) - long.Parse(query["start"], CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(15).Ticks * 100, span);
    }

    [Fact]
    public async Task Errors_in_checkout_shows_only_error_lines()
    {
        var seen = (await AskAsync("errors in checkout last 15m")).Visible;

        Assert.Contains("Errors · checkout-api", seen);
        Assert.Contains("payment declined", seen);
        Assert.Contains("upstream timeout", seen);
        Assert.DoesNotContain("order placed", seen);
        Assert.DoesNotContain("healthy", seen);
        Assert.Contains(fixture.Loki.Queries, q => q["query"].StartsWith("{app=\"checkout\"} |~ ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slack_gets_the_snippet_as_Block_Kit_with_a_text_fallback()
    {
        var answer = await AskAsync("logs checkout 15m", channelId: "slack");
        output.WriteLine(answer.Body["channelData"]?.ToString());

        Assert.Null(answer.Card);
        Assert.Contains("customer=[email] card=[card]", answer.Text);
        var blocks = (JArray)answer.Body["channelData"]!["blocks"]!;
        Assert.Equal("header", blocks[0].Value<string>("type"));
        Assert.Equal("Logs · checkout-api", blocks[0]["text"]!.Value<string>("text"));
        var code = blocks.Where(b => b.Value<string>("type") == "section").Select(b => b["text"]!.Value<string>("text")!).Single(t => t.StartsWith("```"));
        Assert.Contains("⛔", code);
        Assert.Contains("customer=[email] card=[card]", code);
        Assert.DoesNotContain("jane.doe", answer.Body.ToString());
        var button = blocks.Single(b => b.Value<string>("type") == "actions")["elements"]![0]!;
        Assert.StartsWith("https://grafana.example.com/explore?schemaVersion=1", button.Value<string>("url"));
    }

    [Fact]
    public async Task A_channel_without_cards_or_blocks_gets_the_snippet_as_text()
    {
        var answer = await AskAsync("logs checkout 15m", channelId: "sms");

        Assert.Null(answer.Card);
        Assert.Null(answer.Body["channelData"]);
        Assert.Contains("Logs for checkout-api", answer.Text);
        Assert.Contains("⛔", answer.Text);
        Assert.Contains("customer=[email] card=[card]", answer.Text);
        Assert.DoesNotContain("jane.doe", answer.Text);
        Assert.Contains("Full query: https://grafana.example.com/explore?", answer.Text);
    }

    [Fact]
    public async Task With_Loki_down_the_alert_text_still_answers_and_the_outage_is_named()
    {
        using var refusing = RefusingSocket();
        await _bot.DisposeAsync();
        _bot = NewBot($"http://127.0.0.1:{((IPEndPoint)refusing.LocalEndPoint!).Port}");
        _http = _bot.CreateClient();
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        var seen = (await AskAsync("logs checkout")).Visible;

        Assert.Contains("From the alert", seen);
        Assert.Contains("5xx responses on checkout-7f9c-1.prod.internal:8080 are 12.4% of requests", seen);
        Assert.Contains("INC-1 alert firing: Checkout API 5xx rate above 5%", seen);
        Assert.Contains("loki logs are unavailable right now", seen);
    }

    // A port bound but never listened on refuses connections, and nobody else can take it while the socket is held
    // (a port freed again could be handed to another test's listener before the bot dials it).
    private static Socket RefusingSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
