using System.Diagnostics;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// One Debian redis-server that a test makes a primary or a replica as it goes (`REPLICAOF`), on a free loopback port
/// with its own temp directory; killed and deleted on dispose. For failovers played step by step, without sentinels.
/// </summary>
public sealed class RedisNode : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("supportbot-node-").FullName;
    private Process? _process;

    public int Port { get; } = Loopback.FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; with <paramref name="replicaOf"/>, as its replica, returning once it is in sync.</summary>
    public static async Task<RedisNode> StartAsync(RedisNode? replicaOf = null)
    {
        var node = new RedisNode();
        await node.LaunchAsync(replicaOf);
        return node;
    }

    /// <summary>(Re)starts the server on its port and directory, as a primary or as <paramref name="replicaOf"/>'s replica.</summary>
    private async Task LaunchAsync(RedisNode? replicaOf = null)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--save", "", "--appendonly", "no",
                "--logfile", Path.Combine(_dir, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (replicaOf is not null)
        {
            start.ArgumentList.Add("--replicaof");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add(replicaOf.Port.ToString());
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server is not installed (.ci/run installs it).");
        await WaitUntilAsync(info => info.Contains("role:"), "answers", "info", "replication");
        if (replicaOf is not null) await WaitInSyncAsync();
    }

    /// <summary>`REPLICAOF NO ONE`: a promoted replica keeps its data and takes writes.</summary>
    public async Task PromoteAsync()
    {
        await Cli("replicaof", "no", "one");
        await WaitUntilAsync(info => info.Contains("role:master"), "is a primary", "info", "replication");
    }

    /// <summary>`REPLICAOF`: drops what only this server holds, copies <paramref name="primary"/>, and returns once in sync.</summary>
    public async Task FollowAsync(RedisNode primary)
    {
        await Cli("replicaof", "127.0.0.1", primary.Port.ToString());
        await WaitInSyncAsync();
    }

    /// <summary>Waits until this primary has exactly <paramref name="count"/> replicas connected (a promoted replica leaves at once).</summary>
    public Task WaitForReplicasAsync(int count) =>
        WaitUntilAsync(info => info.Contains($"connected_slaves:{count}\r") || info.Contains($"connected_slaves:{count}\n"),
            $"has {count} replicas", "info", "replication");

    /// <summary>
    /// kill -9, then starts again as a primary holding exactly what <paramref name="source"/> holds (its snapshot): an
    /// old primary brought back after a failover, without ever being a replica while clients talk to it.
    /// </summary>
    public async Task RestartWithDataOfAsync(RedisNode source)
    {
        await KillAsync();
        _process?.Dispose();
        await source.Cli("save");
        File.Copy(Path.Combine(source._dir, "dump.rdb"), Path.Combine(_dir, "dump.rdb"), overwrite: true);
        await LaunchAsync();
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false }) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task<string> Cli(params string[] command) =>
        (await RedisCluster.RedisCli(["-p", Port.ToString(), .. command])).Output;

    private Task WaitInSyncAsync() =>
        WaitUntilAsync(info => info.Contains("role:slave") && info.Contains("master_link_status:up") && !info.Contains("master_sync_in_progress:1"),
            "is an in-sync replica", "info", "replication");

    private async Task WaitUntilAsync(Func<string, bool> done, string what, params string[] command)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await Cli(command);
            if (done(answer)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server on {Port} never {what}:\n{answer}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
