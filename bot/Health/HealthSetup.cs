using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportBot.Storage.Redis;

namespace SupportBot.Health;

/// <summary>
/// Liveness (/healthz: the process answers, nothing else is checked, so a Redis outage never gets the bot restarted)
/// and readiness (/readyz: what the bot needs to do its work, Redis when configured; 503 until it is back).
/// </summary>
public static class HealthSetup
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks();
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
            // The store's own multiplexer: readiness says whether the bot's connection works, not whether a new one could.
            checks.AddRedis(sp => sp.GetRequiredService<RedisConnection>().Multiplexer, name: "redis", tags: [Ready], timeout: TimeSpan.FromSeconds(2));
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            // Public endpoint: states only; the reasons (hosts, ports) go to the log.
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant()),
        }, cancellationToken: http.RequestAborted);
    }
}
