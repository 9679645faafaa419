using System.Text.Json;
using SupportBot.Alerts;
using SupportBot.Sources;
using SupportBot.Sources.AzureMonitor;
using SupportBot.Sources.Datadog;
using SupportBot.Sources.Generic;
using SupportBot.Sources.Nagios;
using SupportBot.Sources.Zabbix;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Sources;

/// <summary>How each monitor's own words map onto the one alert a support rep sees, and how configuration changes that.</summary>
public sealed class SourceConventionTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    private static Alert ParseOne(IAlertSource source, string json, SourceOptions? settings = null)
    {
        using var document = JsonDocument.Parse(json);
        var result = source.Parse(document.RootElement, settings ?? SourceOptions.Default, Received);
        Assert.Empty(result.Rejected);
        return Assert.Single(result.Alerts);
    }

    [Fact]
    public void Datadog_warning_is_minor_whatever_the_priority_and_recovery_resolves()
    {
        var warn = ParseOne(new DatadogSource(), Fixtures.Text("datadog-1-triggered.json").Replace("\"Triggered\"", "\"Warn\"").Replace("\"P2\"", "\"P1\""));
        Assert.Equal(Severity.Minor, warn.Severity);
        Assert.Equal(AlertStatus.Firing, warn.Status);

        var retriggered = ParseOne(new DatadogSource(), Fixtures.Text("datadog-1-triggered.json").Replace("\"Triggered\"", "\"Re-Triggered\"").Replace("\"P2\"", "\"P1\""));
        Assert.Equal(Severity.Critical, retriggered.Severity);
        Assert.Equal(warn.Fingerprint, retriggered.Fingerprint);

        var recovered = ParseOne(new DatadogSource(), Fixtures.Text("datadog-2-recovered.json"));
        Assert.Equal(AlertStatus.Resolved, recovered.Status);
        Assert.Equal(warn.Fingerprint, recovered.Fingerprint);
    }

    [Fact]
    public void Datadog_without_a_service_tag_names_the_host()
    {
        var alert = ParseOne(new DatadogSource(), Fixtures.Text("datadog-1-triggered.json")
            .Replace("env:prod,service:search-api,team:discovery", "env:prod,team:discovery").Replace("env:prod,service:search-api", "env:prod"));
        Assert.Equal("search-5d8b-2.prod.internal", alert.Service);
    }

    [Theory]
    [InlineData("Sev0", Severity.Critical)]
    [InlineData("Sev1", Severity.Major)]
    [InlineData("Sev2", Severity.Minor)]
    [InlineData("Sev3", Severity.Info)]
    [InlineData("Sev4", Severity.Info)]
    public void Azure_severities_follow_azures_own_names(string azure, Severity expected)
    {
        var alert = ParseOne(new AzureMonitorSource(), Fixtures.Text("azure-monitor-1-fired.json").Replace("\"Sev1\"", $"\"{azure}\""));
        Assert.Equal(expected, alert.Severity);
    }

    [Fact]
    public void Azure_without_custom_properties_names_the_configuration_item()
    {
        var json = Fixtures.Text("azure-monitor-1-fired.json");
        json = json[..json.IndexOf("\"customProperties\"", StringComparison.Ordinal)] + "\"customProperties\": null\n  }\n}";
        Assert.Equal("orders-db", ParseOne(new AzureMonitorSource(), json).Service);
    }

    [Theory]
    [InlineData("5", Severity.Critical)]
    [InlineData("4", Severity.Major)]
    [InlineData("3", Severity.Minor)]
    [InlineData("2", Severity.Minor)]
    [InlineData("1", Severity.Info)]
    [InlineData("0", Severity.Info)]
    public void Zabbix_severities(string nseverity, Severity expected)
    {
        var alert = ParseOne(new ZabbixSource(), Fixtures.Text("zabbix-1-problem.json").Replace("\"event_nseverity\": \"4\"", $"\"event_nseverity\": \"{nseverity}\""));
        Assert.Equal(expected, alert.Severity);
    }

    [Fact]
    public void Zabbix_recovery_carries_the_problems_identity_and_its_end()
    {
        var problem = ParseOne(new ZabbixSource(), Fixtures.Text("zabbix-1-problem.json"));
        var recovery = ParseOne(new ZabbixSource(), Fixtures.Text("zabbix-2-recovery.json"));
        Assert.Equal(problem.Fingerprint, recovery.Fingerprint);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 40, 11, TimeSpan.Zero), problem.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 13, 5, 47, TimeSpan.Zero), recovery.EndsAt);
    }

    [Fact]
    public void Nagios_host_down_is_critical_and_acknowledgement_changes_nothing()
    {
        const string hostDown = """
            { "notification_type": "PROBLEM", "host_name": "db-7", "host_state": "DOWN", "host_output": "PING CRITICAL - Packet loss = 100%",
              "last_host_state_change": "1763641200.25" }
            """;
        var down = ParseOne(new NagiosSource(), hostDown);
        Assert.Equal(Severity.Critical, down.Severity);
        Assert.Equal("db-7", down.Service);
        Assert.Equal("Host db-7 is DOWN", down.Summary);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763641200), down.StartsAt);

        var acknowledged = ParseOne(new NagiosSource(), hostDown.Replace("\"PROBLEM\"", "\"ACKNOWLEDGEMENT\""));
        Assert.Equal(down with { Labels = acknowledged.Labels }, acknowledged);

        var up = ParseOne(new NagiosSource(), hostDown.Replace("\"PROBLEM\"", "\"RECOVERY\"").Replace("\"DOWN\"", "\"UP\""));
        Assert.Equal(AlertStatus.Resolved, up.Status);
        Assert.Equal(down.Fingerprint, up.Fingerprint);
    }

    [Fact]
    public void Configured_service_fields_and_severities_come_before_the_conventions()
    {
        var settings = new SourceOptions
        {
            ServiceFields = ["scope"],
            Severities = new(StringComparer.OrdinalIgnoreCase) { ["4"] = "critical" },
        };
        var alert = ParseOne(new ZabbixSource(), Fixtures.Text("zabbix-1-problem.json"), settings);
        Assert.Equal("capacity", alert.Service);
        Assert.Equal(Severity.Critical, alert.Severity);
    }

    [Fact]
    public void Generic_mapping_reads_a_batch_and_names_the_alert_it_cannot_use()
    {
        var settings = new SourceOptions
        {
            Type = "generic",
            Mapping = new GenericMapping
            {
                Alerts = "$.checks", Fingerprint = "id", Status = "result.state", Service = "tags[0]", Summary = "title",
                Severity = "level", Time = "at",
            },
        };
        const string payload = """
            { "checks": [
                { "id": 7, "result": { "state": "DOWN" }, "tags": ["billing", "eu"], "title": "Invoices API unreachable", "level": "P1", "at": 1763647200 },
                { "id": 8, "result": { "state": "sideways" }, "tags": ["billing"], "title": "?" },
                { "id": 9, "result": { "state": "ok" }, "title": "Search recovered", "at": "2026-11-20T14:00:00Z" }
            ] }
            """;
        using var document = JsonDocument.Parse(payload);
        var result = new GenericSource("checker").Parse(document.RootElement, settings, Received);

        Assert.Equal(2, result.Alerts.Count);
        var down = result.Alerts[0];
        Assert.Equal(("checker:7", AlertStatus.Firing, Severity.Critical, "billing", "Invoices API unreachable"),
            (down.Fingerprint, down.Status, down.Severity, down.Service, down.Summary));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763647200), down.StartsAt);
        var recovered = result.Alerts[1];
        Assert.Equal((AlertStatus.Resolved, "checker"), (recovered.Status, recovered.Service));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero), recovered.EndsAt);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(1, rejected.Index);
        Assert.Contains("'result.state' is 'sideways', which is neither firing", rejected.Reason);
    }
}
