using System.Diagnostics;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A real Redis Sentinel deployment for one test: Debian's redis-server as a primary and a replica (append-only) and
/// three sentinels (`redis-server sentinel.conf --sentinel`, quorum 2) watching them, every process on a free loopback
/// port with its own temp directory, all stopped and deleted on dispose. The bot connects as a user would: the
/// sentinels' endpoints plus `serviceName=` (<see cref="ConnectionString"/>).
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    public const string ServiceName = "supportbot";
    private const int Sentinels = 3;
    private readonly string _dir = Directory.CreateTempSubdirectory("supportbot-sentinel-").FullName;
    private readonly Dictionary<int, Process> _servers = [];
    private readonly List<(int Port, Process Process)> _sentinels = [];

    private RedisSentinel() { }

    /// <summary>The two redis-server ports (data nodes), whichever is primary now.</summary>
    public IReadOnlyList<int> DataPorts => [.. _servers.Keys];

    /// <summary>The sentinels and the service name, in StackExchange.Redis's syntax.</summary>
    public string ConnectionString => string.Join(",", _sentinels.Select(s => $"127.0.0.1:{s.Port}")) + $",serviceName={ServiceName}";

    public Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
    };

    public static async Task<RedisSentinel> StartAsync()
    {
        var sentinel = new RedisSentinel();
        try
        {
            var primary = Loopback.FreePort();
            sentinel.StartServer(primary, replicaOf: null);
            await WaitForAsync(primary, "ping", "PONG");
            var replica = Loopback.FreePort();
            sentinel.StartServer(replica, replicaOf: primary);
            await sentinel.WaitForReplicaInSyncAsync(replica);
            for (var i = 0; i < Sentinels; i++) sentinel.StartSentinel(primary);
            foreach (var (port, _) in sentinel._sentinels) await WaitForAsync(port, "ping", "PONG");
            await sentinel.WaitUntilSentinelsAgreeAsync(primary, TimeSpan.FromSeconds(60));
            return sentinel;
        }
        catch
        {
            await sentinel.DisposeAsync();
            throw;
        }
    }

    /// <summary>The primary according to the sentinels (`SENTINEL GET-MASTER-ADDR-BY-NAME`).</summary>
    public async Task<int> PrimaryAsync()
    {
        var answer = await RedisCluster.RedisCli(["-p", _sentinels[0].Port.ToString(), "sentinel", "get-master-addr-by-name", ServiceName]);
        var lines = answer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return int.Parse(lines[1]);
    }

    public int ReplicaOf(int primary) => _servers.Keys.Single(p => p != primary);

    /// <summary>`SENTINEL FAILOVER`: the replica is promoted and the old primary becomes its replica. Returns the new primary.</summary>
    public async Task<int> FailoverAsync()
    {
        var old = await PrimaryAsync();
        var next = ReplicaOf(old);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            // A replica still syncing (the primary of a moment ago) is no candidate: the sentinels would refuse or abort.
            await WaitForReplicaInSyncAsync(next, TimeSpan.FromSeconds(60));
            var answer = await RedisCli(_sentinels[0].Port, "sentinel", "failover", ServiceName);
            if (answer.Contains("OK"))
            {
                // Accepted, but a failover can still be aborted (the sentinels found no good replica after all): then
                // the old primary stays, and it is asked again.
                try
                {
                    await WaitUntilSentinelsAgreeAsync(next, TimeSpan.FromSeconds(25));
                    break;
                }
                catch (TimeoutException) when (DateTime.UtcNow < deadline)
                {
                    if (await PrimaryAsync() != old) throw;
                }
            }
            // Refused (INPROG, NOGOODSLAVE) while an earlier failover settles: ask again.
            if (DateTime.UtcNow > deadline) throw new TimeoutException("SENTINEL FAILOVER did not promote the replica: " + answer);
            await Task.Delay(250);
        }
        await WaitForAsync(next, "role", "master");
        return next;
    }

    /// <summary>kill -9 of the primary: no shutdown; the sentinels notice, agree and promote the replica.</summary>
    public async Task<int> KillPrimaryAsync()
    {
        var old = await PrimaryAsync();
        var process = _servers[old];
        process.Kill();
        await process.WaitForExitAsync();
        return old;
    }

    /// <summary>Waits until the sentinels promoted someone other than <paramref name="dead"/>; returns the new primary.</summary>
    public async Task<int> WaitForPromotionAsync(int dead, TimeSpan timeout)
    {
        var next = ReplicaOf(dead);
        await WaitUntilSentinelsAgreeAsync(next, timeout);
        await WaitForAsync(next, "role", "master", timeout);
        return next;
    }

    /// <summary>
    /// Starts a killed server again on its port and directory as the new primary's replica, as README.md says to. (Started
    /// as it was, a primary, it would take writes with its stale data until the sentinels convert it, and lose them then.)
    /// </summary>
    public async Task RestartAsReplicaAsync(int port)
    {
        _servers[port].Dispose();
        StartServer(port, replicaOf: await PrimaryAsync());
        await WaitForReplicaInSyncAsync(port, TimeSpan.FromSeconds(90));
    }

    private void StartServer(int port, int? replicaOf)
    {
        var dir = Path.Combine(_dir, port.ToString());
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--daemonize", "no", "--logfile", Path.Combine(dir, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (replicaOf is { } primary)
        {
            start.ArgumentList.Add("--replicaof");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add(primary.ToString());
        }
        _servers[port] = Process.Start(start) ?? throw new InvalidOperationException("redis-server is not installed (.ci/run installs it).");
    }

    private void StartSentinel(int primary)
    {
        var port = Loopback.FreePort();
        var dir = Path.Combine(_dir, "sentinel-" + port);
        Directory.CreateDirectory(dir);
        // Sentinel rewrites its config file as it learns the topology, so each gets its own, writable.
        var config = Path.Combine(dir, "sentinel.conf");
        File.WriteAllLines(config,
        [
            $"port {port}", "bind 127.0.0.1", "daemonize no", $"dir {dir}", $"logfile {Path.Combine(dir, "sentinel.log")}",
            $"sentinel monitor {ServiceName} 127.0.0.1 {primary} 2",
            $"sentinel down-after-milliseconds {ServiceName} 2000",
            $"sentinel failover-timeout {ServiceName} 10000",
            $"sentinel parallel-syncs {ServiceName} 1",
        ]);
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { config, "--sentinel" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _sentinels.Add((port, Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start as a sentinel.")));
    }

    /// <summary>Every sentinel names <paramref name="primary"/>, and knows the other sentinels and the replica (so a failover can be agreed).</summary>
    private async Task WaitUntilSentinelsAgreeAsync(int primary, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = await Task.WhenAll(_sentinels.Select(s => RedisCli(s.Port, "sentinel", "master", ServiceName)));
            if (states.All(s => Field(s, "port") == primary.ToString() && Field(s, "num-other-sentinels") == (Sentinels - 1).ToString()
                                && Field(s, "num-slaves") is not (null or "0") && Field(s, "flags") == "master")) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The sentinels did not agree on {primary} as primary:\n" + string.Join("\n---\n", states));
            await Task.Delay(200);
        }
    }

    /// <summary>A field of `SENTINEL MASTER`'s flat name/value reply.</summary>
    private static string? Field(string reply, string name)
    {
        var lines = reply.Split('\n', StringSplitOptions.TrimEntries);
        var i = Array.IndexOf(lines, name);
        return i >= 0 && i + 1 < lines.Length ? lines[i + 1] : null;
    }

    private async Task WaitForReplicaInSyncAsync(int replica, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var info = await RedisCli(replica, "info", "replication");
            if (info.Contains("role:slave") && info.Contains("master_link_status:up") && !info.Contains("master_sync_in_progress:1")) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{replica} did not become an in-sync replica:\n" + info);
            await Task.Delay(100);
        }
    }

    private static async Task WaitForAsync(int port, string command, string expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!(await RedisCli(port, command)).Contains(expected))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{port} did not answer {command} with {expected}.");
            await Task.Delay(100);
        }
    }

    private static async Task<string> RedisCli(int port, params string[] command) =>
        (await RedisCluster.RedisCli(["-p", port.ToString(), .. command])).Output;

    public async ValueTask DisposeAsync()
    {
        var all = _sentinels.Select(s => s.Process).Concat(_servers.Values).ToList();
        foreach (var process in all)
        {
            try { if (!process.HasExited) process.Kill(); }
            catch (InvalidOperationException) { } // never started, or already reaped
        }
        foreach (var process in all)
        {
            try { await process.WaitForExitAsync(); }
            catch (InvalidOperationException) { }
            process.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
