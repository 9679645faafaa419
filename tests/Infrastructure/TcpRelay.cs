using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a free loopback port in front of a server (a redis-server), which a test cuts and heals: cut, every
/// connection through it is dropped and new ones are closed at once, as when one bot instance loses its network to
/// Redis (or its client is stuck on an old topology) while the others still reach it.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    private TcpRelay(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static TcpRelay To(int port) => new(port);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Drops every connection and refuses new ones until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var client in _open.Keys) Close(client);
    }

    public void Heal() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var there = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var back = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(there, back);
        }
        catch (Exception) { } // cut, or one side closed: the relay of this connection is over
        finally
        {
            Close(client);
            Close(server);
        }
    }

    /// <summary>Resets the connection; safe to call again, from the relay and from <see cref="Cut"/> at once.</summary>
    private void Close(TcpClient client)
    {
        if (!_open.TryRemove(client, out _)) return;
        try { client.Client?.Close(0); } catch (Exception) { } // closed meanwhile
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        foreach (var client in _open.Keys) Close(client);
    }
}
