using System.Diagnostics;
using StackExchange.Redis;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A real Debian redis-server for one test class: its own free loopback port and temp directory, append-only
/// persistence as documented in the README. Tests isolate themselves with their own key prefix (<see cref="NewPrefix"/>).
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supportbot-redis-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; } = Loopback.FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The settings that point a BotApp at this Redis, under <paramref name="prefix"/>.</summary>
    public Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
    };

    public static string NewPrefix() => $"test-{Guid.NewGuid():N}:";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(FindRedisServer())
        {
            ArgumentList =
            {
                "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir,
                "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--logfile", Path.Combine(_dir, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return;
            }
            // Restarted, it answers LOADING until it has read its append-only file back (longer on a busy machine).
            catch (Exception e) when ((e is RedisConnectionException || e is RedisServerException { Message: var m } && m.StartsWith("LOADING", StringComparison.Ordinal))
                && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A clean shutdown (the append-only file is flushed), as when an operator restarts Redis.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        await using (var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true"))
        {
            try { connection.GetServer(ConnectionString).Shutdown(); }
            catch (RedisConnectionException) { } // the server closes the connection as it goes
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string FindRedisServer()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, "redis-server");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("redis-server is not installed; `apt-get install redis-server` (.ci/run does this).");
    }
}
