using Prometheus;

namespace SupportBot.Telemetry;

public static class TelemetrySetup
{
    /// <summary>The bot's metrics (one registry per host) and, with Metrics:Port, a management port that serves them.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.Port is >= 0 and <= 65535, "Metrics:Port must be a TCP port (or 0 to serve /metrics on the bot's port).")
            .ValidateOnStart();
        services.AddSingleton<SupportBotMetrics>();
        services.AddSingleton<WebhookMetrics>();
        if (configuration.GetValue<int>($"{MetricsOptions.Section}:Port") > 0) services.AddHostedService<ManagementPortServer>();
        return services;
    }

    /// <summary>GET /metrics in the Prometheus text format, unless a management port serves it. Map it among the internal endpoints.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Port > 0) return app;
        // prometheus-net writes the exposition format; a route handler (not MapMetrics' middleware) so the access filter applies.
        app.MapGet("/metrics", async (HttpContext http, SupportBotMetrics metrics, CancellationToken ct) =>
        {
            http.Response.ContentType = PrometheusConstants.ExporterContentTypeValue.ToString();
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, ct);
        }).ExcludeFromDescription();
        return app;
    }
}
