using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Each monitor's real payloads, through the running bot, to the briefing card a support channel sees and its update.</summary>
public sealed class MonitoringSourcesTests : BotWithConnector
{
    // A generic source, configured as the README shows for Uptime Kuma.
    protected override BotApp CreateBot() => new(UptimeKumaSource.Settings());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Chat.AddBotAsync(Channel);
        await Connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
    }

    public static TheoryData<string, string, string, string, string, string, string, string> Monitors => new()
    {
        // source, firing fixture, resolved fixture, service, severity, title, something else the card shows, resolved text
        { "grafana", "grafana-1-firing.json", "grafana-2-resolved.json", "checkout-api", "MINOR",
            "Checkout p99 latency above 2s", "https://grafana.example.com/d/checkout01?orgId=1&viewPanel=4", "Resolved after 29m" },
        { "datadog", "datadog-1-triggered.json", "datadog-2-recovered.json", "search-api", "MAJOR",
            "Search API error rate high on service:search-api", "https://app.datadoghq.com/event/event?id=7621198745123987345", "Resolved" },
        { "azure-monitor", "azure-monitor-1-fired.json", "azure-monitor-2-resolved.json", "orders-api", "MAJOR",
            "Orders database CPU above 90% for 10 minutes", "cpu_percent GreaterThan 90 (Average over PT10M), value 97.3", "Resolved after 37m 36s" },
        { "zabbix", "zabbix-1-problem.json", "zabbix-2-recovery.json", "order-queue", "MAJOR",
            "Disk space is low on mq-broker-3 (/var/lib/rabbitmq used > 90%)", "https://zabbix.example.com/tr_events.php?triggerid=24817&eventid=913377", "Resolved after 25m 36s" },
        { "nagios", "nagios-1-problem.json", "nagios-2-recovery.json", "HTTPS storefront", "CRITICAL",
            "HTTPS storefront on web-lb-2 is CRITICAL", "HTTP/1.1 503 Service Unavailable", "Resolved" },
        { "uptime-kuma", "uptime-kuma-down.json", "uptime-kuma-up.json", "Customer portal", "CRITICAL",
            "[Customer portal] [🔴 Down] timeout of 48000ms exceeded", "https://portal.example.com/health", "Resolved after 11m 31s" },
    };

    [Theory]
    [MemberData(nameof(Monitors))]
    public async Task Firing_payload_posts_a_briefing_and_its_resolution_updates_the_card(
        string source, string firing, string resolved, string service, string severity, string title, string detail, string resolvedText)
    {
        var fired = await PostAsync(source, firing);
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        var receipt = await fired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        Assert.Equal("INC-1", receipt.GetProperty("changedIncidents")[0].GetString());

        var post = await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: $"the {source} briefing");
        Assert.Contains($"INC-1 · {severity}", post.Visible);
        Assert.Contains(service, post.Visible);
        Assert.Contains(title, post.Visible);
        Assert.Contains(detail, post.Visible);

        // Monitors resend while a problem lasts: the same alert again changes nothing.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(source, firing)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(source, resolved)).StatusCode);
        var update = await Connector.WaitForAsync(c => c.Method == "PUT", what: $"the {source} card update");
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Contains(resolvedText, update.Visible);
        Assert.Single(Connector.Posts);
        Assert.Single(Connector.Updates);
    }

    [Fact]
    public async Task Alerts_of_different_monitors_for_one_service_join_one_incident()
    {
        // Zabbix and Nagios both watching the order queue: one outage, one card.
        var zabbix = Fixtures.Text("zabbix-1-problem.json");
        var nagios = Fixtures.Text("nagios-1-problem.json").Replace("\"contact_name\"", "\"service\": \"order-queue\", \"contact_name\"");
        await Http.PostAsync("/api/webhooks/zabbix", new StringContent(zabbix, Encoding.UTF8, "application/json"));
        await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing");
        await Http.PostAsync("/api/webhooks/nagios", new StringContent(nagios, Encoding.UTF8, "application/json"));

        var update = await Connector.WaitForAsync(c => c.Method == "PUT", what: "the card update with the second alert");
        Assert.Contains("2 firing of 2", update.Visible);
        Assert.Contains("CRITICAL", update.Visible);
        Assert.Single(Connector.Posts);
    }

    private Task<HttpResponseMessage> PostAsync(string source, string fixture)
    {
        var path = File.Exists(Path.Combine(Fixtures.Directory, fixture)) ? Path.Combine(Fixtures.Directory, fixture) : Path.Combine(Fixtures.RepoRoot, "samples", fixture);
        return Http.PostAsync($"/api/webhooks/{source}", new StringContent(File.ReadAllText(path), Encoding.UTF8, "application/json"));
    }
}
