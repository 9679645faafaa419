using System.Diagnostics;
using StackExchange.Redis;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster for one test class: Debian's redis-server with cluster-enabled yes, three primaries with one
/// replica each on free loopback ports (client and cluster-bus ports both chosen free), joined by
/// `redis-cli --cluster create`. Tests isolate themselves with their own key prefix, as on <see cref="RedisServer"/>.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private const int Primaries = 3;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supportbot-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<Node> _nodes = [];

    public sealed record Node(int Port, Process Process)
    {
        public string Endpoint => $"127.0.0.1:{Port}";
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Every node, so the client finds the cluster whichever ones are up.</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => n.Endpoint));

    public Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
    };

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Primaries * 2; i++) _nodes.Add(StartNode());
        foreach (var node in _nodes) await WaitForPingAsync(node);
        var create = await RedisCli(["--cluster", "create", .. _nodes.Select(n => n.Endpoint), "--cluster-replicas", "1", "--cluster-yes"]);
        if (create.ExitCode != 0) throw new InvalidOperationException("redis-cli --cluster create failed:\n" + create.Output);
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until every node says cluster_state:ok (replicas in sync: see <see cref="ReplicaOfAsync"/>).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = await Task.WhenAll(_nodes.Where(n => !n.Process.HasExited).Select(n => RedisCli(["-p", n.Port.ToString(), "cluster", "info"])));
            if (states.All(s => s.Output.Contains("cluster_state:ok"))) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The Redis Cluster did not become healthy:\n" + string.Join("\n", states.Select(s => s.Output)));
            await Task.Delay(200);
        }
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot as primary, per `CLUSTER NODES` on a live node.</summary>
    public async Task<Node> PrimaryOfAsync(string key)
    {
        var live = _nodes.First(n => !n.Process.HasExited);
        var slot = int.Parse((await RedisCli(["-p", live.Port.ToString(), "cluster", "keyslot", key])).Output.Trim());
        var lines = (await RedisCli(["-p", live.Port.ToString(), "cluster", "nodes"])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (!parts[2].Contains("master") || parts[2].Contains("fail")) continue;
            foreach (var range in parts.Skip(8))
            {
                var bounds = range.Split('-');
                if (bounds[0].StartsWith('[')) continue;
                var (from, to) = (int.Parse(bounds[0]), int.Parse(bounds[^1]));
                if (slot >= from && slot <= to) return _nodes.Single(n => parts[1].StartsWith($"127.0.0.1:{n.Port}@"));
            }
        }
        throw new InvalidOperationException($"No primary serves slot {slot}:\n{string.Join("\n", lines)}");
    }

    /// <summary>
    /// A replica of <paramref name="primary"/> that is in sync with it, per `CLUSTER NODES` and the replica's own
    /// `INFO replication`. Right after `--cluster create` the replicas are still being introduced by gossip and
    /// loading their first copy, so this waits for one (up to 30 s).
    /// </summary>
    public async Task<Node> ReplicaOfAsync(Node primary)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var lines = (await RedisCli(["-p", primary.Port.ToString(), "cluster", "nodes"])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var primaryId = lines.Single(l => l.Contains("myself")).Split(' ')[0];
            var replica = lines.Select(l => l.Split(' ')).FirstOrDefault(p => p.Length > 3 && p[3] == primaryId && p[2].Contains("slave") && !p[2].Contains("fail"));
            if (replica is not null && _nodes.SingleOrDefault(n => replica[1].StartsWith($"127.0.0.1:{n.Port}@")) is { } node
                && (await RedisCli(["-p", node.Port.ToString(), "info", "replication"])).Output.Contains("master_link_status:up"))
                return node;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Primary {primary.Port} has no replica in sync:\n{string.Join("\n", lines)}");
            await Task.Delay(200);
        }
    }

    /// <summary>`CLUSTER FAILOVER` on <paramref name="replica"/>: it takes over its primary's slots (the old primary becomes its replica).</summary>
    public async Task FailoverAsync(Node replica)
    {
        var answer = await RedisCli(["-p", replica.Port.ToString(), "cluster", "failover"]);
        if (!answer.Output.Contains("OK")) throw new InvalidOperationException("CLUSTER FAILOVER refused: " + answer.Output);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await RedisCli(["-p", replica.Port.ToString(), "role"])).Output.StartsWith("master"))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {replica.Port} did not become primary.");
            await Task.Delay(100);
        }
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
    }

    public static async Task<(int ExitCode, string Output)> RedisCli(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli is not installed; `apt-get install redis-tools` (.ci/run does this).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private Node StartNode()
    {
        var port = Loopback.FreePort();
        var dir = Path.Combine(_dir, port.ToString());
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port.ToString(), "--cluster-port", Loopback.FreePort().ToString(), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                "--dir", dir, "--appendonly", "yes", "--save", "", "--daemonize", "no", "--logfile", Path.Combine(dir, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new Node(port, Process.Start(start) ?? throw new InvalidOperationException("redis-server is not installed (.ci/run installs it)."));
    }

    private static async Task WaitForPingAsync(Node node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(await RedisCli(["-p", node.Port.ToString(), "ping"])).Output.Contains("PONG"))
        {
            if (DateTime.UtcNow > deadline || node.Process.HasExited) throw new InvalidOperationException($"redis-server on {node.Port} did not start.");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.Process.HasExited)) node.Process.Kill();
        foreach (var node in _nodes) await node.Process.WaitForExitAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
