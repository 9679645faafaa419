using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Telemetry;

/// <summary>
/// The files an operator loads next to the bot: the Prometheus rules pass promtool (syntax and their own unit tests),
/// and the Grafana dashboard only queries metrics the bot really exposes.
/// </summary>
public sealed partial class MonitoringFilesTests
{
    private static readonly string Monitoring = Path.Combine(Fixtures.RepoRoot, "monitoring");

    [Fact]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        var (exit, output) = await ExternalProcess.RunAsync("promtool", ["check", "rules", "supportbot-alerts.yml"], Monitoring, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task The_alert_rules_fire_on_backlog_dead_letters_auth_failures_and_a_down_bot()
    {
        var (exit, output) = await ExternalProcess.RunAsync("promtool", ["test", "rules", "supportbot-alerts.test.yml"], Monitoring, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        var tests = await File.ReadAllTextAsync(Path.Combine(Monitoring, "supportbot-alerts.test.yml"));
        foreach (var alert in new[] { "SupportBotOutboxBacklogGrowing", "SupportBotDeadLetters", "SupportBotChannelUnsubscribed", "SupportBotWebhookAuthFailures", "SupportBotDown" })
            Assert.Contains($"alertname: {alert}", tests);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exposed_by_the_bot()
    {
        var exposed = await ExposedFamiliesAsync();
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Monitoring, "supportbot-dashboard.json")))!;
        var queried = dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>()))
            .Append(dashboard["templating"]!["list"]!.AsArray().Select(v => v!["definition"]?.GetValue<string>() ?? "").First(d => d.Length > 0))
            .SelectMany(expr => MetricName().Matches(expr).Select(m => m.Value))
            .ToHashSet();

        Assert.Contains("supportbot_webhooks_received_total", queried);
        var missing = queried.Where(name => !exposed.Contains(Family(name))).ToList();
        Assert.True(missing.Count == 0, "The dashboard queries metrics /metrics does not expose: " + string.Join(", ", missing));
        // And every supportbot_ metric has a panel.
        var unshown = exposed.Where(f => f.StartsWith("supportbot_", StringComparison.Ordinal) && !queried.Select(Family).Contains(f)).ToList();
        Assert.True(unshown.Count == 0, "Metrics without a dashboard panel: " + string.Join(", ", unshown));
    }

    [Fact]
    public async Task Every_metric_the_alert_rules_name_is_exposed_by_the_bot()
    {
        var exposed = await ExposedFamiliesAsync();
        var rules = await File.ReadAllLinesAsync(Path.Combine(Monitoring, "supportbot-alerts.yml"));
        var named = rules.Where(l => l.TrimStart().StartsWith("expr:", StringComparison.Ordinal))
            .SelectMany(expr => MetricName().Matches(expr).Select(m => m.Value))
            .Where(name => name != "up")   // Prometheus' own series for the scrape
            .ToHashSet();

        Assert.Contains("supportbot_briefing_channels_unsubscribed_total", named);
        var missing = named.Where(name => !exposed.Contains(Family(name))).ToList();
        Assert.True(missing.Count == 0, "The alert rules name metrics /metrics does not expose: " + string.Join(", ", missing));
    }

    /// <summary>The metric families of a bot that has taken a webhook and answered a chat turn.</summary>
    private static async Task<HashSet<string>> ExposedFamiliesAsync()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await new BotClient(http, connector.Url).SayAsync("19:support-general@thread.tacv2", "status");
        await connector.WaitForAsync(c => c.ReplyToId is not null, what: "the answer to status");
        return (await MetricsScrape.FromAsync(http)).Families.ToHashSet();
    }

    private static string Family(string name) => HistogramSeries().Replace(name, "");

    // PromQL functions and keywords are lower-case words too; metric names here all have a known prefix.
    [GeneratedRegex(@"\b(?:supportbot|process|dotnet|up)_[a-z0-9_]+\b|\bup\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
