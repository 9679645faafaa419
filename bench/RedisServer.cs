using System.Diagnostics;

namespace SupportBot.Bench;

/// <summary>Debian's redis-server in a temp directory on a free loopback port, when it is installed.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    public string ConnectionString { get; }

    private RedisServer(Process process, string dir, int port)
    {
        _process = process; _dir = dir; ConnectionString = $"127.0.0.1:{port}";
    }

    public static async Task<RedisServer?> TryStartAsync()
    {
        var exe = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (exe is null) return null;
        var port = SupportBot.Tests.Infrastructure.Loopback.FreePort();
        var dir = Directory.CreateTempSubdirectory("supportbot-bench-redis-").FullName;
        var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = dir };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", "" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return new RedisServer(process, dir, port);
            }
            catch (System.Net.Sockets.SocketException) { await Task.Delay(100); }
        }
        process.Kill();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
