using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>
/// The public pages face anyone: each client address gets StatusPage:RequestsPerMinute (then 429 with Retry-After),
/// and the rendered pages are served from the output cache for StatusPage:CacheSeconds, dropped as soon as an
/// incident changes on this instance (other instances' copies age out within the same time).
/// </summary>
public static class PublicTraffic
{
    public const string Policy = "public-pages";
    private const string CacheTag = "status-page";

    public static IServiceCollection AddPublicTraffic(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(StatusPageOptions.Section).Get<StatusPageOptions>() ?? new StatusPageOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, settings.RequestsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        services.AddOutputCache(o => o.AddPolicy(Policy, p => p.Expire(TimeSpan.FromSeconds(Math.Max(1, settings.CacheSeconds))).Tag(CacheTag)));
        services.AddSingleton<IIncidentChangeSink, FreshPages>();
        return services;
    }

    /// <summary>Rate-limited and output-cached, for the public endpoints.</summary>
    public static TBuilder AsPublicPage<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(Policy).CacheOutput(Policy);

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests from this address; try again in {seconds} s.",
            },
        });
    }

    /// <summary>A changed incident drops the cached pages, so the status page never lags behind the bot.</summary>
    private sealed class FreshPages(IOutputCacheStore cache) : IIncidentChangeSink
    {
        public ValueTask PublishAsync(IncidentChange change, CancellationToken ct) => cache.EvictByTagAsync(CacheTag, ct);
    }
}
