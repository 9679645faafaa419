using StackExchange.Redis;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>
/// An incident's alerts in Redis live in their own hash beside its document, so that a change writes the alerts it
/// changed, not the whole incident with every alert; incidents stored before that (alerts in the document) still
/// read whole and are moved over at their first write.
/// </summary>
public sealed class RedisIncidentAlertsTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 41, 12, TimeSpan.Zero);
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly List<RedisConnection> _connections = [];

    [Fact]
    public void An_update_hands_Redis_only_the_alerts_it_added_changed_or_dropped()
    {
        var v1 = WithAlerts(StoreContract.Incident(7, "group-a"), 100);
        var resolved = v1.Alerts[10] with { Status = AlertStatus.Resolved, EndsAt = T0.AddMinutes(5) };
        var added = Alert("new-one");
        var v2 = v1 with { Version = 2, Alerts = [.. v1.Alerts.Take(10), resolved, .. v1.Alerts.Skip(11).Take(88), added] };   // v1's last alert dropped

        var args = RedisIncidentAlerts.ForWrite(v1, v2).Select(a => (string)a!).ToList();

        Assert.Equal(["0", "2", resolved.Fingerprint, StoreJson.Write(resolved), added.Fingerprint, StoreJson.Write(added), "1", v1.Alerts[99].Fingerprint], args);
        // Not the version just before (another writer's, or none read): every alert, replacing what is stored.
        var all = RedisIncidentAlerts.ForWrite(v1, v2 with { Version = 3 }).Select(a => (string)a!).ToList();
        Assert.Equal("1", all[0]);
        Assert.Equal("100", all[1]);
        Assert.Equal(2 + 200 + 1, all.Count);
    }

    [Fact]
    public async Task The_incident_reads_back_whole_with_its_alerts_in_order_after_a_change_of_a_few()
    {
        var (store, db) = Store();
        var opened = (await store.TryOpenAsync(WithAlerts(StoreContract.Incident(0, "group-a"), 50), default))!;
        var current = (await store.FindOpenAsync("group-a", default))!;
        var changed = current.Alerts[3] with { Status = AlertStatus.Resolved, EndsAt = T0.AddMinutes(2) };
        var next = current with { Version = 2, Title = "Changed", Alerts = [.. current.Alerts.Take(3), changed, .. current.Alerts.Skip(4), Alert("late-comer")] };
        Assert.True(await store.TryUpdateAsync(next, default));

        // Another instance, which holds no copy: everything from Redis.
        var (other, _) = Store();
        var read = (await other.GetAsync(opened.Number, default))!;
        Assert.Equal("Changed", read.Title);
        Assert.Equal(next.Alerts, read.Alerts);
        Assert.Equal(next.Alerts, (await other.FindOpenAsync("group-a", default))!.Alerts);
        Assert.Equal(next.Alerts, Assert.Single((await other.ListOpenAsync(0, default)).MostSevere).Alerts);
        Assert.Equal(next.Alerts, Assert.Single(await other.ListRecentAsync(5, null, default)).Alerts);
        Assert.Equal(next.Alerts, Assert.Single(await other.ListOpenForServiceAsync("checkout-api", default)).Alerts);

        // The document holds no alert; the alert hash one field per alert (and the order counter).
        var document = (string)(await db.HashGetAsync(_prefix + "{incidents}", opened.Number))!;
        Assert.Contains("\"alerts\":[]", document);
        Assert.DoesNotContain("late-comer", document);
        Assert.Equal(51 + 1, await db.HashLengthAsync(_prefix + "{incidents}:alerts:" + opened.Number));
    }

    [Fact]
    public async Task An_incident_stored_with_its_alerts_in_the_document_reads_whole_and_keeps_them_all_at_its_next_change()
    {
        var (store, db) = Store();
        var opened = (await store.TryOpenAsync(WithAlerts(StoreContract.Incident(0, "group-a"), 20), default))!;
        // As an older version stored it: the alerts in the document, no alert hash.
        await db.HashSetAsync(_prefix + "{incidents}", opened.Number, StoreJson.Write(opened));
        await db.KeyDeleteAsync(_prefix + "{incidents}:alerts:" + opened.Number);

        var (upgraded, _) = Store();
        var read = (await upgraded.FindOpenAsync("group-a", default))!;
        Assert.Equal(opened.Alerts, read.Alerts);
        var next = read with { Version = 2, Alerts = [.. read.Alerts, Alert("after-upgrade")] };
        Assert.True(await upgraded.TryUpdateAsync(next, default));

        var (fresh, _) = Store();
        Assert.Equal(next.Alerts, (await fresh.GetAsync(opened.Number, default))!.Alerts);
        Assert.Equal(21 + 1, await db.HashLengthAsync(_prefix + "{incidents}:alerts:" + opened.Number));
    }

    [Fact]
    public async Task Retention_removes_an_incidents_alerts_with_it()
    {
        var (store, db) = Store();
        var opened = (await store.TryOpenAsync(WithAlerts(StoreContract.Incident(0, "group-a"), 3), default))!;
        Assert.True(await store.TryUpdateAsync(opened with
        {
            Version = 2, Status = IncidentStatus.Resolved, ResolvedAt = T0.AddHours(1),
            Alerts = opened.Alerts.Select(a => a with { Status = AlertStatus.Resolved, EndsAt = T0.AddHours(1) }).ToList(),
        }, default));

        Assert.Equal([opened.Number], await store.RemoveResolvedBeforeAsync(T0.AddDays(1), default));

        Assert.False(await db.KeyExistsAsync(_prefix + "{incidents}:alerts:" + opened.Number));
        Assert.Null(await store.GetAsync(opened.Number, default));
    }

    private static Incident WithAlerts(Incident incident, int count) =>
        incident with { Alerts = Enumerable.Range(0, count).Select(i => Alert($"pod-{i}")).ToList() };

    private static TrackedAlert Alert(string fingerprint) =>
        new(fingerprint, AlertStatus.Firing, Severity.Critical, $"Checkout API 5xx on {fingerprint}", T0, null);

    private (RedisIncidentStore Store, IDatabase Db) Store()
    {
        var connection = new RedisConnection(redis.ConnectionString, _prefix);
        _connections.Add(connection);
        return (new RedisIncidentStore(connection), connection.Database);
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());
}
