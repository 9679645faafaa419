using System.Diagnostics;
using System.Net;
using SupportBot.Tests.Infrastructure;
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
