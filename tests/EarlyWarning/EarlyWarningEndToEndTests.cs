using System.Diagnostics;
using System.Globalization;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

using static SupportBot.Tests.EarlyWarning.ShopScript;

namespace SupportBot.Tests.EarlyWarning;

/// <summary>
/// The whole path with the real thing: Debian's Prometheus scrapes a scripted exporter every second; the bot's
/// leader asks Prometheus's HTTP API every second and the early-warning card reaches the support channel through the
/// real CloudAdapter and outbox. Lookback 30 s and horizon 40 s stand in for the issue's 30 and 15 minutes.
/// </summary>
public sealed class EarlyWarningEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private ScriptedExporter _exporter = null!;
    private PrometheusServer _prometheus = null!;
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;

    public async Task InitializeAsync()
    {
        _exporter = await StartExporterAsync();
        _prometheus = await PrometheusServer.StartAsync(_exporter.Target);
        _connector = await ConnectorStandIn.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["EarlyWarning:PrometheusUrl"] = _prometheus.Url,
            ["EarlyWarning:Interval"] = "00:00:01",
        };
        var signals = new[] { ("checkout-api", "Queue depth", "shop_queue_depth"), ("search-api", "Latency", "shop_latency_noise"), ("orders-api", "Errors", "shop_errors_spike") };
        for (var i = 0; i < signals.Length; i++)
        {
            settings[$"EarlyWarning:Signals:{i}:Service"] = signals[i].Item1;
            settings[$"EarlyWarning:Signals:{i}:Name"] = signals[i].Item2;
            settings[$"EarlyWarning:Signals:{i}:Query"] = signals[i].Item3;
            settings[$"EarlyWarning:Signals:{i}:Above"] = Threshold.ToString(CultureInfo.InvariantCulture);
            settings[$"EarlyWarning:Signals:{i}:Horizon"] = Horizon.ToString();
            settings[$"EarlyWarning:Signals:{i}:Lookback"] = "00:00:30";
        }
        _bot = new BotApp(settings);
    }

    public async Task DisposeAsync()
    {
        foreach (var call in _connector.Calls) output.WriteLine(call.ToString());
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _prometheus.DisposeAsync();
        await _exporter.DisposeAsync();
    }

    private double SecondsWhenReceived(ConnectorCall call) => _exporter.Elapsed.TotalSeconds - Stopwatch.GetElapsedTime(call.ReceivedAt).TotalSeconds;

    private static bool IsWarningFor(ConnectorCall call, string service) => call.Visible.Contains($"EARLY WARNING · {service}");

    [Fact]
    public async Task The_ramp_card_arrives_before_the_crossing_and_comes_true_noise_never_warns_and_the_spike_leaves_nothing()
    {
        var http = _bot.CreateClient();
        var chat = new BotClient(http, _connector.Url);
        await chat.AddBotAsync(Channel);

        var card = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && IsWarningFor(c, "checkout-api"),
            TimeSpan.FromSeconds(RampCrossing + 30), "the early-warning card for the ramp");
        var lead = RampCrossing - SecondsWhenReceived(card);
        output.WriteLine($"card at {SecondsWhenReceived(card):0.0} s, crossing at {RampCrossing} s: lead {lead:0.0} s");
        Assert.True(lead >= Horizon.TotalSeconds / 2, $"the card arrived {lead:0.0} s before the crossing; wanted at least {Horizon.TotalSeconds / 2} s");
        Assert.Equal(Channel, card.ConversationId);
        Assert.Contains("Queue depth is heading above 100", card.Visible);
        Assert.Contains("Looking at it", card.Visible);
        Assert.Contains("Dismiss", card.Visible);
        Assert.Matches("[▁▂▃▄▅▆▇█]{5,}", card.Visible);

        // Reps: "anything brewing?" lists it, and status after the incidents (none yet).
        await chat.SayAsync(Channel, "anything brewing?");
        var brewing = await _connector.WaitForAsync(c => c.ReplyToId is not null && c.Visible.Contains("Early warnings"), what: "the warnings answer");
        Assert.Contains("checkout-api · Queue depth", brewing.Visible);
        await chat.SayAsync(Channel, "status");
        var status = await _connector.WaitForAsync(c => c.ReplyToId is not null && c.Visible.Contains("All systems operational"), what: "the status answer");
        Assert.Contains("checkout-api · Queue depth", status.Visible);

        // The threshold is crossed and monitoring opens an incident for the service: the warning came true.
        while (_exporter.Elapsed.TotalSeconds < RampCrossing + 2) await Task.Delay(500);
        var firing = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!;
        foreach (var alert in firing["alerts"]!.AsArray()) alert!["startsAt"] = DateTimeOffset.UtcNow.ToString("O");
        var webhook = await http.PostAsync("/api/webhooks/alertmanager", new StringContent(firing.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(webhook.IsSuccessStatusCode, await webhook.Content.ReadAsStringAsync());
        var warned = await _connector.WaitForAsync(c => c.Visible.Contains("INC-1") && c.Visible.Contains("Warned") && !IsWarningFor(c, "checkout-api"),
            TimeSpan.FromSeconds(20), "the incident card saying it was warned");
        Assert.Matches(@"Warned \d+ s before \(Queue depth\)", warned.Visible);
        var cameTrue = await _connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == card.ActivityId && c.Visible.Contains("came true: INC-1, warned"),
            TimeSpan.FromSeconds(20), "the warning card linking to the incident");
        Assert.DoesNotContain("Looking at it", cameTrue.Visible);

        // The flat noisy series never warned; the spike that recovered left no warning out and opened no incident.
        while (_exporter.Elapsed.TotalSeconds < RampCrossing + 15) await Task.Delay(500);
        Assert.DoesNotContain(_connector.Calls, c => IsWarningFor(c, "search-api"));
        var spike = _connector.Calls.Where(c => IsWarningFor(c, "orders-api")).ToList();
        if (spike.Count > 0) Assert.Contains("Recovered, no outage", spike[^1].Visible);
        var open = await _bot.Service<IIncidentStore>().ListOpenAsync(10, default);
        Assert.Equal(["checkout-api"], open.MostSevere.Select(i => i.Service));
    }
}
