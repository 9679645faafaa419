using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Many webhooks for one group reach one instance at once (a growing incident in a storm): they take turns, and every
/// alert ends up in the incident once, in the state its last webhook gave it; no turn is left behind.
/// </summary>
public sealed class OneGroupManyWebhooksTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Summary = "Checkout pods crash looping";
    private const int Alerts = 40;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_webhooks_for_one_group_leave_every_alert_in_the_incident_once(bool onRedis)
    {
        var prefix = RedisServer.NewPrefix();
        await using var app = new BotApp(onRedis ? RedisBot.Settings(redis, prefix) : null);
        var url = app.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var group = JsonNode.Parse(await AlertmanagerPayload.Firing(Summary, Alerts).ReadAsStringAsync())!.AsObject();
        var fingerprints = group["alerts"]!.AsArray().Select(a => (string)a!["fingerprint"]!).ToList();

        // As Alertmanager sends a growing group: webhook k repeats the first k alerts, all at once.
        await SendAllAsync(http, Enumerable.Range(1, Alerts).Select(k => Webhook(group, fingerprints.Take(k), resolved: [])));
        // Then every other alert resolves, each by a webhook of its own, again all at once.
        var resolved = fingerprints.Where((_, i) => i % 2 == 1).ToHashSet();
        await SendAllAsync(http, resolved.Select(f => Webhook(group, [f], resolved: [f])));

        using var connection = new RedisConnection(redis.ConnectionString, prefix);
        var store = onRedis ? new RedisIncidentStore(connection) : app.Service<IIncidentStore>();   // on Redis another instance: what Redis holds
        var incident = Assert.Single(await store.ListAsync(default));
        Assert.Equal(fingerprints.Order(), incident.Alerts.Select(a => a.Fingerprint).Order());
        Assert.All(incident.Alerts, a => Assert.Equal(resolved.Contains(a.Fingerprint) ? AlertStatus.Resolved : AlertStatus.Firing, a.Status));
        Assert.Equal(Alerts / 2, incident.FiringCount);
        Assert.True(incident.IsOpen);
        Assert.Equal(0, app.Service<IncidentEngine>().GroupsInTurn);
    }

    private static async Task SendAllAsync(HttpClient http, IEnumerable<string> bodies)
    {
        var answers = await Task.WhenAll(bodies.Select(body => Task.Run(() =>
            http.PostAsync("/api/webhooks/alertmanager", new StringContent(body, Encoding.UTF8, "application/json")))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
    }

    /// <summary>The group's webhook with only the alerts <paramref name="fingerprints"/>, those in <paramref name="resolved"/> resolved.</summary>
    private static string Webhook(JsonObject group, IEnumerable<string> fingerprints, IReadOnlyCollection<string> resolved)
    {
        var payload = group.DeepClone().AsObject();
        var keep = fingerprints.ToHashSet();
        var alerts = payload["alerts"]!.AsArray();
        foreach (var alert in alerts.ToList().Where(a => !keep.Contains((string)a!["fingerprint"]!))) alerts.Remove(alert);
        foreach (var alert in alerts.Where(a => resolved.Contains((string)a!["fingerprint"]!)))
        {
            alert!["status"] = "resolved";
            alert["endsAt"] = "2026-11-20T10:07:55.001Z";
        }
        return payload.ToJsonString();
    }
}
