using Microsoft.Extensions.Options;
using Prometheus;

namespace SupportBot.Telemetry;

/// <summary>Serves /metrics on Metrics:Port with prometheus-net's own small Kestrel server, apart from the bot's port.</summary>
public sealed class ManagementPortServer(SupportBotMetrics metrics, IOptions<MetricsOptions> options, ILogger<ManagementPortServer> log) : IHostedService
{
    private KestrelMetricServer? _server;

    public Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        _server = new KestrelMetricServer(o.Host, o.Port, "/metrics", metrics.Registry, null);
        _server.Start();
        log.LogInformation("Metrics served on port {Port} at /metrics", o.Port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_server is not null) await _server.StopAsync();
    }
}
