using System.Diagnostics;
using System.Net;
using SupportBot.Storage;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Storage;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Redis:WaitForReplicas=1: a webhook is answered 202 only once a replica holds the incident it opened, so a failover
/// cannot lose it; with the replica gone the webhook gets 503 with Retry-After, and is accepted again once it is back.
/// </summary>
public sealed class ReplicaWaitTests(RedisServer primary) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly string _dir = Directory.CreateTempSubdirectory("supportbot-replica-").FullName;
    private readonly int _replicaPort = Loopback.FreePort();
    private Process? _replica;

    [Fact]
    public async Task A_webhook_is_accepted_only_once_a_replica_has_its_incident()
    {
        await StartReplicaAsync();
        await using var bot = BotWaitingForOneReplica();
        var http = bot.CreateClient();

        var accepted = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Checkout down"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        // Acknowledged means on the replica too: read it there, right after the 202.
        var onReplica = await RedisCluster.RedisCli(["-p", _replicaPort.ToString(), "hlen", _prefix + "{incidents}"]);
        Assert.Equal("1", onReplica.Output.Trim());

        await StopReplicaAsync();
        var refused = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments down"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        await StartReplicaAsync();
        var resent = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments down"));
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var titles = await http.GetStringAsync("/api/incidents");
        Assert.Contains("Checkout down", titles);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(titles, "Payments down"));
    }

    [Fact]
    public async Task A_resent_webhook_is_not_accepted_on_what_only_the_primary_holds()
    {
        await StartReplicaAsync();
        await using var bot = BotWaitingForOneReplica();
        var http = bot.CreateClient();
        await StopReplicaAsync();

        // The first attempt opens the incident on the primary, which no replica confirms: 503.
        var refused = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments down"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // Alertmanager sends it again. The alert is already in the incident, so there is nothing to write; but what it
        // reads is still on the primary alone, and a failover now would lose it: still 503, not 202.
        var resentWhileAlone = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments down"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, resentWhileAlone.StatusCode);

        await StartReplicaAsync();
        var resent = await http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments down"));
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        // One incident, on the replica too.
        Assert.Equal("1", (await RedisCluster.RedisCli(["-p", _replicaPort.ToString(), "hlen", _prefix + "{incidents}"])).Output.Trim());
        Assert.Contains("Payments down", (await RedisCluster.RedisCli(["-p", _replicaPort.ToString(), "hvals", _prefix + "{incidents}"])).Output);
    }

    [Fact]
    public async Task Webhooks_whose_incidents_are_checked_together_are_each_answered_only_once_a_replica_confirms()
    {
        await StartReplicaAsync();
        using var connection = new RedisConnection(primary.ConnectionString, _prefix, waitForReplicas: 1,
            waitTimeout: TimeSpan.FromSeconds(3));
        var store = new RedisIncidentStore(connection);
        for (var i = 0; i < 20; i++) Assert.NotNull(await store.TryOpenAsync(StoreContract.Incident(0, $"group-{i}"), default));

        // Concurrent resends: the first is checked alone, the others together while it waits for the replica.
        await StopReplicaAsync();
        var whileAlone = Enumerable.Range(0, 20).Select(i => store.FindOpenAsync($"group-{i}", default)).ToList();
        foreach (var check in whileAlone) await Assert.ThrowsAsync<StoreUnavailableException>(() => check);

        await StartReplicaAsync();
        var confirmed = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.FindOpenAsync($"group-{i}", default)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"group-{i}"), confirmed.Select(c => c?.GroupKey));
    }

    private BotApp BotWaitingForOneReplica()
    {
        var settings = Settings(primary.Settings(_prefix));
        settings["Redis:WaitForReplicas"] = "1";
        // Long enough that a loaded CI machine's replica confirms in time; a missing replica costs the test this wait.
        settings["Redis:WaitTimeout"] = "00:00:03";
        return new BotApp(settings);
    }

    private async Task StopReplicaAsync()
    {
        if (_replica is not { HasExited: false }) return;
        _replica.Kill();
        await _replica.WaitForExitAsync();
    }

    private async Task StartReplicaAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", _replicaPort.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--save", "", "--appendonly", "no",
                "--replicaof", "127.0.0.1", primary.Port.ToString(), "--logfile", Path.Combine(_dir, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _replica = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await RedisCluster.RedisCli(["-p", _replicaPort.ToString(), "info", "replication"])).Output.Contains("master_link_status:up"))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The replica did not connect to the primary.");
            await Task.Delay(100);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopReplicaAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
