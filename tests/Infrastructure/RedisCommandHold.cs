using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of a redis-server that holds back one client's commands on demand, so that a test can put
/// another client's steps between two steps of this one (an instance that is slow between two round trips). Armed
/// with <see cref="HoldAfter"/>, it lets commands through up to and including the first one with a given name, then
/// keeps every later command of every connection through it back until <see cref="ReleaseAsync"/>; Redis's replies
/// keep flowing meanwhile. Reads the RESP arrays clients send (every command StackExchange.Redis sends is one).
/// </summary>
public sealed class RedisCommandHold : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly List<(string Name, TaskCompletionSource Held)> _waiting = [];
    private readonly Task _accepting;
    private HashSet<string>? _armed;
    private bool _holding;
    private readonly Dictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    private RedisCommandHold(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static RedisCommandHold To(int port) => new(port);

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>After the next command named one of <paramref name="commands"/> (e.g. EVAL, EVALSHA), holds every later command.</summary>
    public void HoldAfter(params string[] commands)
    {
        lock (_links) _armed = new HashSet<string>(commands, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Completes once a command named <paramref name="command"/> is being held back.</summary>
    public Task HeldAsync(string command)
    {
        lock (_links)
        {
            if (_links.Any(l => l.Held.Any(c => c.Name.Equals(command, StringComparison.OrdinalIgnoreCase)))) return Task.CompletedTask;
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((command, held));
            return held.Task;
        }
    }

    /// <summary>How many commands named one of <paramref name="commands"/> clients sent through the relay so far (held ones too).</summary>
    public int Count(params string[] commands)
    {
        lock (_links) return commands.Sum(c => _counts.GetValueOrDefault(c));
    }

    /// <summary>Sends what was held, in order, and lets everything through again.</summary>
    public async Task ReleaseAsync()
    {
        List<Link> links;
        lock (_links)
        {
            _holding = false;
            _armed = null;
            links = [.. _links];
        }
        foreach (var link in links) await link.FlushAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        Link? link = null;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            link = new Link(this, server.GetStream());
            lock (_links) _links.Add(link);
            var back = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            var there = link.ForwardAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(there, back);
        }
        catch (Exception) { } // one side closed, or the relay is stopping
        finally
        {
            if (link is not null) lock (_links) _links.Remove(link);
            client.Dispose();
        }
    }

    /// <summary>Whether the command <paramref name="name"/> is to be held; called under the lock, in the order commands arrive.</summary>
    private bool Holds(Link link, string name, byte[] command)
    {
        lock (_links)
        {
            _counts[name] = _counts.GetValueOrDefault(name) + 1;
            if (_holding || link.Held.Count > 0)
            {
                link.Held.Add((name, command));
                foreach (var waiting in _waiting.Where(w => w.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    _waiting.Remove(waiting);
                    waiting.Held.TrySetResult();
                }
                return true;
            }
            if (_armed?.Contains(name) == true) _holding = true;
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }

    private sealed class Link(RedisCommandHold relay, NetworkStream server)
    {
        private readonly SemaphoreSlim _writing = new(1, 1);
        public readonly List<(string Name, byte[] Command)> Held = [];

        public async Task ForwardAsync(NetworkStream client, CancellationToken ct)
        {
            var buffer = new List<byte>();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var read = await client.ReadAsync(chunk, ct);
                if (read == 0) return;
                buffer.AddRange(chunk.AsSpan(0, read));
                while (Resp.TryReadCommand(buffer, out var length, out var name))
                {
                    var command = buffer.GetRange(0, length).ToArray();
                    buffer.RemoveRange(0, length);
                    await _writing.WaitAsync(ct);
                    try
                    {
                        if (!relay.Holds(this, name, command)) await server.WriteAsync(command, ct);
                    }
                    finally
                    {
                        _writing.Release();
                    }
                }
            }
        }

        public async Task FlushAsync()
        {
            await _writing.WaitAsync();
            try
            {
                List<(string Name, byte[] Command)> held;
                lock (relay._links)
                {
                    held = [.. Held];
                    Held.Clear();
                }
                foreach (var (_, command) in held) await server.WriteAsync(command);
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    /// <summary>A client's command: an array of bulk strings, <c>*n\r\n</c> then n times <c>$len\r\n…\r\n</c>.</summary>
    private static class Resp
    {
        public static bool TryReadCommand(List<byte> buffer, out int length, out string name)
        {
            length = 0;
            name = "";
            var at = 0;
            if (buffer.Count == 0) return false;
            if (buffer[0] != (byte)'*') throw new InvalidDataException("Expected a RESP array from the Redis client.");
            if (!TryReadNumber(buffer, 1, out var parts, out at)) return false;
            for (var i = 0; i < parts; i++)
            {
                if (at >= buffer.Count) return false;
                if (buffer[at] != (byte)'$') throw new InvalidDataException("Expected a RESP bulk string from the Redis client.");
                if (!TryReadNumber(buffer, at + 1, out var size, out at)) return false;
                if (at + size + 2 > buffer.Count) return false;
                if (i == 0) name = Encoding.ASCII.GetString(buffer.GetRange(at, size).ToArray());
                at += size + 2;
            }
            length = at;
            return true;
        }

        private static bool TryReadNumber(List<byte> buffer, int from, out int number, out int next)
        {
            number = 0;
            next = from;
            for (var i = from; i + 1 < buffer.Count; i++)
            {
                if (buffer[i] != (byte)'\r') continue;
                number = int.Parse(Encoding.ASCII.GetString(buffer.GetRange(from, i - from).ToArray()));
                next = i + 2;
                return true;
            }
            return false;
        }
    }
}
