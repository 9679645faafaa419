using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Sources.Alertmanager;
using SupportBot.Storage.InMemory;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Incidents;

public sealed class IncidentEngineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 42, 0, TimeSpan.Zero));
    private readonly InMemoryIncidentStore _store = new();
    private readonly RecordingSink _sink = new();
    private readonly IncidentEngine _engine;

    public IncidentEngineTests() => _engine = new IncidentEngine(_store, [_sink], _time,
        Microsoft.Extensions.Options.Options.Create(new IncidentOptions()), NullLogger<IncidentEngine>.Instance);

    private static IReadOnlyList<Alert> Fixture(string name)
    {
        using var doc = JsonDocument.Parse(Fixtures.Text(name));
        return new AlertmanagerSource().Parse(doc.RootElement, new SupportBot.Sources.SourceOptions(), DateTimeOffset.UnixEpoch).Alerts;
    }

    private static Alert Alert(string fingerprint, string service, AlertStatus status = AlertStatus.Firing,
        Severity severity = Severity.Major, string? group = null) => new()
    {
        Source = "test", Fingerprint = fingerprint, Status = status, Severity = severity, Service = service,
        Summary = $"{service} is unhappy", StartsAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
        EndsAt = status == AlertStatus.Resolved ? new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero) : null,
        GroupKey = group ?? $"service:{service}",
    };

    [Fact]
    public async Task Firing_alert_opens_an_incident()
    {
        var changes = await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default);

        var change = Assert.Single(changes);
        Assert.True(change.Opened);
        var incident = change.Current;
        Assert.Equal("INC-1", incident.Id);
        Assert.Equal(IncidentStatus.Investigating, incident.Status);
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.Equal("checkout-api", incident.Service);
        Assert.Equal(1, incident.FiringCount);
        Assert.Equal(IncidentEventKind.Opened, Assert.Single(incident.Timeline).Kind);
        Assert.Single(_sink.Changes);
    }

    [Fact]
    public async Task Identical_resend_is_a_no_op()
    {
        await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default);
        var stored = await _store.GetAsync(1, default);

        var changes = await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default);

        Assert.Empty(changes);
        Assert.Single(_sink.Changes);
        Assert.Same(stored, await _store.GetAsync(1, default));
    }

    [Fact]
    public async Task More_alerts_of_the_group_join_the_same_incident()
    {
        await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default);

        var change = Assert.Single(await _engine.IngestAsync(Fixture("alertmanager-firing-two.json"), default));

        Assert.False(change.Opened);
        Assert.Equal(1, change.Current.Number);
        Assert.Equal(2, change.Current.FiringCount);
        Assert.Equal(2, change.Current.Version);
        Assert.Contains(change.Current.Timeline, e => e.Kind == IncidentEventKind.AlertFiring);
        Assert.Single(await _store.ListAsync(default));
    }

    [Fact]
    public async Task Incident_resolves_only_when_all_its_alerts_have_resolved()
    {
        await _engine.IngestAsync(Fixture("alertmanager-firing-two.json"), default);

        var partly = Assert.Single(await _engine.IngestAsync(Fixture("alertmanager-resolved.json"), default));
        Assert.True(partly.Current.IsOpen);
        Assert.Equal(1, partly.Current.FiringCount);

        var second = Fixture("alertmanager-firing-two.json")[1] with
        {
            Status = AlertStatus.Resolved, EndsAt = new DateTimeOffset(2026, 11, 20, 10, 12, 0, TimeSpan.Zero),
        };
        var done = Assert.Single(await _engine.IngestAsync([second], default));

        Assert.True(done.Resolved);
        Assert.Equal(IncidentStatus.Resolved, done.Current.Status);
        Assert.Equal(second.EndsAt, done.Current.ResolvedAt);
        Assert.Equal(TimeSpan.FromMinutes(12) + TimeSpan.FromMinutes(18) + TimeSpan.FromSeconds(47.655), done.Current.Duration);
        Assert.Equal(IncidentEventKind.Resolved, done.Current.Timeline[^1].Kind);
    }

    [Fact]
    public async Task Resolved_incident_is_not_reopened_by_a_late_resolved_resend_but_a_new_firing_after_the_flap_window_opens_a_new_one()
    {
        await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default);
        await _engine.IngestAsync(Fixture("alertmanager-resolved.json"), default);

        Assert.Empty(await _engine.IngestAsync(Fixture("alertmanager-resolved.json"), default));
        _time.Advance(new IncidentOptions().FlapWindow);

        var refire = Assert.Single(await _engine.IngestAsync(Fixture("alertmanager-firing.json"), default));
        Assert.True(refire.Opened);
        Assert.Equal(2, refire.Current.Number);
    }

    [Fact]
    public async Task Different_groups_make_different_incidents()
    {
        var changes = await _engine.IngestAsync([Alert("a1", "checkout"), Alert("b1", "payments"), Alert("a2", "checkout")], default);

        Assert.Equal(2, changes.Count);
        Assert.Equal(2, changes.Single(c => c.Current.Service == "checkout").Current.Alerts.Count);
    }

    [Fact]
    public async Task A_more_severe_alert_raises_the_incident_severity()
    {
        await _engine.IngestAsync([Alert("a1", "checkout", severity: Severity.Minor)], default);

        var change = Assert.Single(await _engine.IngestAsync([Alert("a2", "checkout", severity: Severity.Critical)], default));

        Assert.Equal(Severity.Critical, change.Current.Severity);
        Assert.Contains(change.Current.Timeline, e => e.Kind == IncidentEventKind.SeverityChanged);
    }

    [Fact]
    public async Task One_webhook_that_repeats_an_alert_with_another_state_ends_in_its_last_state_and_tells_each_change()
    {
        await _engine.IngestAsync([Alert("a", "checkout-api"), Alert("b", "checkout-api")], default);

        // "c" arrives new and resolves in the same batch; "a" resolves and fires again; "b" is sent twice unchanged.
        var change = Assert.Single(await _engine.IngestAsync(
        [
            Alert("c", "checkout-api"), Alert("a", "checkout-api", AlertStatus.Resolved), Alert("b", "checkout-api"),
            Alert("c", "checkout-api", AlertStatus.Resolved), Alert("a", "checkout-api"), Alert("b", "checkout-api"),
        ], default));

        var incident = change.Current;
        Assert.Equal(["a", "b", "c"], incident.Alerts.Select(a => a.Fingerprint));
        Assert.Equal([AlertStatus.Firing, AlertStatus.Firing, AlertStatus.Resolved], incident.Alerts.Select(a => a.Status));
        Assert.Equal(2, incident.FiringCount);
        Assert.True(incident.IsOpen);
        Assert.Equal(["New alert: checkout-api is unhappy", "Alert resolved: checkout-api is unhappy", "Alert resolved: checkout-api is unhappy",
            "Alert firing: checkout-api is unhappy"], change.NewEvents.Select(e => e.Text));
    }

    [Fact]
    public async Task A_storm_incident_of_hundreds_of_alerts_keeps_their_order_and_counts_as_alerts_come_and_go()
    {
        await _engine.IngestAsync(Enumerable.Range(0, 300).Select(i => Alert($"pod-{i}", "checkout-api", severity: Severity.Minor)).ToList(), default);

        var change = Assert.Single(await _engine.IngestAsync(
            [Alert("pod-7", "checkout-api", AlertStatus.Resolved), Alert("pod-new", "checkout-api", severity: Severity.Critical)], default));

        var incident = change.Current;
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"pod-{i}").Append("pod-new"), incident.Alerts.Select(a => a.Fingerprint));
        Assert.Equal(AlertStatus.Resolved, incident.Alerts[7].Status);
        Assert.Equal(300, incident.FiringCount);
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.Contains(change.NewEvents, e => e.Kind == IncidentEventKind.SeverityChanged);

        // Everything resolves: the incident resolves, counted from the list it now has.
        var resolved = Assert.Single(await _engine.IngestAsync(
            incident.Alerts.Select(a => Alert(a.Fingerprint, "checkout-api", AlertStatus.Resolved)).ToList(), default)).Current;
        Assert.Equal(0, resolved.FiringCount);
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);
        Assert.Equal(301, resolved.AlertCount);
    }

    [Fact]
    public async Task Only_resolved_alerts_for_an_unknown_group_open_nothing()
    {
        Assert.Empty(await _engine.IngestAsync(Fixture("alertmanager-resolved.json"), default));
        Assert.Empty(await _store.ListAsync(default));
    }

    [Fact]
    public async Task Concurrent_webhooks_for_one_group_open_exactly_one_incident_and_lose_no_alert()
    {
        var alerts = Enumerable.Range(0, 40).Select(i => Alert($"fp-{i}", "checkout")).ToList();

        await Task.WhenAll(alerts.Select(a => Task.Run(() => _engine.IngestAsync([a], default))));

        var incident = Assert.Single(await _store.ListAsync(default));
        Assert.Equal(40, incident.FiringCount);
        Assert.Single(_sink.Changes, c => c.Opened);
    }

    private sealed class RecordingSink : IIncidentChangeSink
    {
        private readonly List<IncidentChange> _changes = [];
        public IReadOnlyList<IncidentChange> Changes { get { lock (_changes) return _changes.ToList(); } }

        public ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
        {
            lock (_changes) _changes.Add(change);
            return ValueTask.CompletedTask;
        }
    }
}
