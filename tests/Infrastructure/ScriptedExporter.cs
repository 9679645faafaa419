using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A Prometheus exporter on real Kestrel whose gauges follow scripts: each is a function of the seconds since the
/// exporter started. <c>GET /metrics</c> answers the text exposition format Prometheus scrapes.
/// </summary>
public sealed class ScriptedExporter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Target { get; }
    public TimeSpan Elapsed => _clock.Elapsed;

    private ScriptedExporter(WebApplication app, string target)
    {
        _app = app;
        Target = target;
    }

    public static async Task<ScriptedExporter> StartAsync(IReadOnlyDictionary<string, Func<double, double>> gauges)
    {
        var app = Loopback.StandInApp();
        ScriptedExporter? self = null;
        app.MapGet("/metrics", () =>
        {
            var seconds = self!._clock.Elapsed.TotalSeconds;
            var text = new StringBuilder();
            foreach (var (name, script) in gauges)
            {
                text.Append("# TYPE ").Append(name).Append(" gauge\n");
                text.Append(name).Append(' ').Append(script(seconds).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        await app.StartAsync();
        self = new ScriptedExporter(app, new Uri(app.Urls.First()).Authority);
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
