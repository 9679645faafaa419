using System.Text.Json;
using SupportBot.Alerts;
using SupportBot.Sources;
using SupportBot.Sources.Alertmanager;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Sources;

public sealed class AlertmanagerSourceTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 20, 9, 42, 0, TimeSpan.Zero);
    private readonly AlertmanagerSource _source = new();

    private SourceParseResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return _source.Parse(doc.RootElement, new SourceOptions(), ReceivedAt);
    }

    [Fact]
    public void Firing_fixture_becomes_one_normalized_alert()
    {
        var result = Parse(Fixtures.Text("alertmanager-firing.json"));

        var alert = Assert.Single(result.Alerts);
        Assert.Empty(result.Rejected);
        Assert.Equal("alertmanager", alert.Source);
        Assert.Equal("6f2b1c0d9e8a7b54", alert.Fingerprint);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal("checkout-api", alert.Service);
        Assert.Equal("Checkout API 5xx rate above 5%", alert.Summary);
        Assert.StartsWith("5xx responses on checkout-7f9c-1", alert.Description);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 41, 12, 345, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("payments", alert.Labels["team"]);
        Assert.Equal(["Source", "Runbook", "Dashboard"], alert.Links.Select(l => l.Title));
        Assert.Equal("https://runbooks.example.com/checkout/high-error-rate", alert.Links[1].Url);
        Assert.Equal("alertmanager:{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\", service=\"checkout-api\"}", alert.GroupKey);
    }

    [Fact]
    public void Resolved_fixture_carries_the_end_time()
    {
        var alert = Assert.Single(Parse(Fixtures.Text("alertmanager-resolved.json")).Alerts);

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 7, 55, 1, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Several_alerts_of_a_group_share_the_group_key_and_keep_their_fingerprints()
    {
        var result = Parse(Fixtures.Text("alertmanager-firing-two.json"));

        Assert.Equal(2, result.Alerts.Count);
        Assert.Equal(["6f2b1c0d9e8a7b54", "a41e7c3b2d90f615"], result.Alerts.Select(a => a.Fingerprint));
        Assert.Single(result.Alerts.Select(a => a.GroupKey).Distinct());
    }

    [Fact]
    public void Missing_optional_fields_get_sensible_defaults()
    {
        const string minimal = """
            {"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","job":"billing-db"}}]}
            """;

        var alert = Assert.Single(Parse(minimal).Alerts);

        Assert.Equal("billing-db", alert.Service);            // no service label: job
        Assert.Equal("DiskFull", alert.Summary);              // no summary annotation: alertname
        Assert.Equal(Severity.Major, alert.Severity);         // no severity label: major, never hidden
        Assert.Equal(ReceivedAt, alert.StartsAt);             // no startsAt: when we received it
        Assert.Empty(alert.Links);
        Assert.Equal("service:billing-db", alert.GroupKey);   // no groupKey: grouped by service
        Assert.Equal(16, alert.Fingerprint.Length);           // no fingerprint: derived from the labels
        Assert.Equal(alert.Fingerprint, Assert.Single(Parse(minimal).Alerts).Fingerprint);
    }

    [Fact]
    public void An_invalid_alert_in_a_batch_is_rejected_and_the_others_are_kept()
    {
        const string batch = """
            {"alerts":[
              {"status":"firing","labels":{"alertname":"A","service":"a"}},
              {"status":"on fire","labels":{"alertname":"B"}},
              "not an object",
              {"status":"resolved","labels":{"alertname":"C","service":"c"},"endsAt":"2026-11-20T10:00:00Z"}
            ]}
            """;

        var result = Parse(batch);

        Assert.Equal(["a", "c"], result.Alerts.Select(a => a.Service));
        Assert.Equal([1, 2], result.Rejected.Select(r => r.Index));
        Assert.Contains("on fire", result.Rejected[0].Reason);
    }

    [Fact]
    public void Links_that_are_not_web_links_never_reach_a_card()
    {
        const string payload = """
            {"alerts":[{"status":"firing","labels":{"alertname":"A"},"generatorURL":"javascript:alert(1)",
              "annotations":{"runbook_url":"file:///etc/passwd","dashboard":"https://grafana.example.com/d/x"}}]}
            """;

        var alert = Assert.Single(Parse(payload).Alerts);

        Assert.Equal(["https://grafana.example.com/d/x"], alert.Links.Select(l => l.Url));
    }
}
