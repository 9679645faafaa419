using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.EarlyWarning;
using SupportBot.Storage.InMemory;
using SupportBot.Telemetry;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

using static SupportBot.Tests.EarlyWarning.ShopScript;

namespace SupportBot.Tests.EarlyWarning;

/// <summary>
/// The forecaster against the real thing: Debian's Prometheus scrapes a scripted exporter every second, the monitor
/// asks its HTTP API every second (a 30 s lookback and a 40 s horizon: the 30 and 15 minutes, shrunk).
/// </summary>
public sealed class PrometheusForecastTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ScriptedExporter _exporter = null!;
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        _exporter = await StartExporterAsync();
        _prometheus = await PrometheusServer.StartAsync(_exporter.Target);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine("prometheus:\n" + (_prometheus?.Output is { Length: > 2000 } o ? o[^2000..] : _prometheus?.Output));
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
    }

    [Fact]
    public async Task An_unreachable_prometheus_or_a_bad_query_is_reported_once_in_the_log_and_counted_never_warned()
    {
        var sink = new RecordingSink(_exporter);
        var logs = new ConcurrentQueue<string>();

        await using var broken = Services(_prometheus.Url, sink, logs, ("checkout-api", "Bad query", "sum(rate(shop_queue_depth[1m])"));
        await using var away = Services($"http://127.0.0.1:{Loopback.FreePort()}", sink, logs, ("checkout-api", "Queue depth", "shop_queue_depth"));
        for (var i = 0; i < 3; i++)
        {
            await broken.GetRequiredService<EarlyWarningMonitor>().EvaluateAllAsync(default);
            await away.GetRequiredService<EarlyWarningMonitor>().EvaluateAllAsync(default);
        }

        var warnings = logs.Where(l => l.Contains("cannot be evaluated")).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, l => l.Contains("Prometheus rejected the query (bad_data)"));
        Assert.Contains(warnings, l => l.Contains("unreachable"));
        var brokenMetrics = await MetricsTextAsync(broken);
        Assert.Contains("supportbot_early_warning_query_errors_total{signal=\"checkout-api/Bad query\",reason=\"query\"} 3", brokenMetrics);
        Assert.Contains("supportbot_early_warning_signals_failing 1", brokenMetrics);
        Assert.Contains("supportbot_early_warning_query_errors_total{signal=\"checkout-api/Queue depth\",reason=\"unreachable\"} 3", await MetricsTextAsync(away));
        Assert.Empty(sink.Events);
        Assert.Single(broken.GetRequiredService<SignalHealth>().Failing);
    }

    /// <summary>What Prometheus would scrape from this host's registry (the /metrics text).</summary>
    private static async Task<string> MetricsTextAsync(IServiceProvider services)
    {
        using var text = new MemoryStream();
        await services.GetRequiredService<SupportBotMetrics>().Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private static ServiceProvider Services(string prometheusUrl, RecordingSink sink, params (string Service, string Name, string Query)[] signals) =>
        Services(prometheusUrl, sink, new ConcurrentQueue<string>(), signals);

    private static ServiceProvider Services(string prometheusUrl, RecordingSink sink, ConcurrentQueue<string> logs, params (string Service, string Name, string Query)[] signals)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EarlyWarning:PrometheusUrl"] = prometheusUrl,
            ["EarlyWarning:Interval"] = "00:00:01",
            ["EarlyWarning:QueryTimeout"] = "00:00:03",
        };
        for (var i = 0; i < signals.Length; i++)
        {
            settings[$"EarlyWarning:Signals:{i}:Service"] = signals[i].Service;
            settings[$"EarlyWarning:Signals:{i}:Name"] = signals[i].Name;
            settings[$"EarlyWarning:Signals:{i}:Query"] = signals[i].Query;
            settings[$"EarlyWarning:Signals:{i}:Above"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"EarlyWarning:Signals:{i}:Horizon"] = Horizon.ToString();
            settings[$"EarlyWarning:Signals:{i}:Lookback"] = "00:00:30";
            settings[$"EarlyWarning:Signals:{i}:For"] = "2";
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new ListLoggerProvider(logs)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SupportBotMetrics>();
        services.AddSingleton<IEarlyWarningStore, InMemoryEarlyWarningStore>();
        services.AddEarlyWarning(configuration);
        services.AddSingleton<IEarlyWarningSink>(sink);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingSink(ScriptedExporter exporter) : IEarlyWarningSink
    {
        public ConcurrentQueue<(double At, SignalWarning Warning)> Queue { get; } = new();
        public List<(double At, SignalWarning Warning)> Events => [.. Queue];

        public Task PublishAsync(SignalWarning warning, CancellationToken ct)
        {
            Queue.Enqueue((exporter.Elapsed.TotalSeconds, warning));
            return Task.CompletedTask;
        }
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
