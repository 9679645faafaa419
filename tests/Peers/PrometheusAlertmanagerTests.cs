using System.Net;
using System.Text;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SupportBot.Tests.Peers;

/// <summary>
/// The real thing: Debian's Prometheus evaluates a rule that fires, Debian's Alertmanager sends it with a bearer
/// token to the bot on Kestrel, the briefing reaches the channel; the rule stops firing and the card is updated.
/// </summary>
public sealed class PrometheusAlertmanagerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private const string Token = "peer-test-token-7f3a";
    private readonly string _dir = Directory.CreateTempSubdirectory("supportbot-peer-").FullName;
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private Uri _botAddress = null!;
    private ExternalProcess? _alertmanager;
    private ExternalProcess? _prometheus;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        (_bot, _botAddress) = KestrelBot.Start(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:alertmanager:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:alertmanager:Auth:Token"] = Token,
        });
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) { output.WriteLine("prometheus:\n" + Tail(_prometheus.Output)); await _prometheus.DisposeAsync(); }
        if (_alertmanager is not null) { output.WriteLine("alertmanager:\n" + Tail(_alertmanager.Output)); await _alertmanager.DisposeAsync(); }
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_firing_prometheus_rule_becomes_a_briefing_and_its_end_updates_the_card()
    {
        using var http = new HttpClient { BaseAddress = _botAddress };
        var chat = new BotClient(http, _connector.Url);
        await chat.AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        // Without Alertmanager's token the bot turns the same webhook away.
        var anonymous = await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var alertmanagerPort = ExternalProcess.FreePort();
        await File.WriteAllTextAsync(Path.Combine(_dir, "alertmanager.yml"), $$"""
            route:
              receiver: supportbot
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: supportbot
                webhook_configs:
                  - url: {{new Uri(_botAddress, "api/webhooks/alertmanager")}}
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials: {{Token}}
            """);
        _alertmanager = ExternalProcess.Start("prometheus-alertmanager",
        [
            "--config.file=alertmanager.yml", $"--storage.path={Path.Combine(_dir, "am-data")}",
            $"--web.listen-address=127.0.0.1:{alertmanagerPort}", "--cluster.listen-address=",
        ], _dir);
        await _alertmanager.WaitUntilReadyAsync($"http://127.0.0.1:{alertmanagerPort}/-/ready", TimeSpan.FromSeconds(30));

        var prometheusPort = ExternalProcess.FreePort();
        await WriteRuleAsync("vector(1) > 0");
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{{alertmanagerPort}}']
            """);
        _prometheus = ExternalProcess.Start("prometheus",
        [
            "--config.file=prometheus.yml", $"--storage.tsdb.path={Path.Combine(_dir, "prom-data")}",
            $"--web.listen-address=127.0.0.1:{prometheusPort}", "--web.enable-lifecycle",
            // The first evaluation can beat Alertmanager's discovery and be dropped; resend every second, not every minute.
            "--rules.alert.resend-delay=1s",
        ], _dir);
        await _prometheus.WaitUntilReadyAsync($"http://127.0.0.1:{prometheusPort}/-/ready", TimeSpan.FromSeconds(30));

        var briefing = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, TimeSpan.FromSeconds(45), "the briefing from Alertmanager");
        Assert.Equal(Channel, briefing.ConversationId);
        Assert.Contains("INC-1 · CRITICAL", briefing.Visible);
        Assert.Contains("Peer checkout is down", briefing.Visible);
        Assert.Contains("peer-checkout", briefing.Visible);
        Assert.Contains("Fired by a real Prometheus rule.", briefing.Visible);

        // The condition clears: Prometheus resolves the alert, Alertmanager sends the resolution.
        await WriteRuleAsync("vector(1) < 0");
        using (var prometheus = new HttpClient())
            Assert.True((await prometheus.PostAsync($"http://127.0.0.1:{prometheusPort}/-/reload", null)).IsSuccessStatusCode);

        var update = await _connector.WaitForAsync(c => c.Method == "PUT", TimeSpan.FromSeconds(45), "the resolved card");
        Assert.Equal(briefing.ActivityId, update.ActivityId);
        Assert.Contains("Resolved after", update.Visible);
        Assert.Single(_connector.Posts);
    }

    private Task WriteRuleAsync(string expression) => File.WriteAllTextAsync(Path.Combine(_dir, "rules.yml"), $"""
        groups:
          - name: supportbot-peer
            interval: 1s
            rules:
              - alert: PeerCheckoutDown
                expr: {expression}
                labels:
                  severity: critical
                  service: peer-checkout
                annotations:
                  summary: Peer checkout is down
                  description: Fired by a real Prometheus rule.
        """, Encoding.UTF8);

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
