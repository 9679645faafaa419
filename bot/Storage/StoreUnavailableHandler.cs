using Microsoft.AspNetCore.Diagnostics;

namespace SupportBot.Storage;

/// <summary>
/// The store (Redis) down or restarting is not the caller's fault and not a bug: answer 503 with Retry-After, so that
/// Alertmanager and the Bot Connector send again, instead of a bare 500. Nothing was acknowledged, so nothing is lost.
/// </summary>
public sealed class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not StoreUnavailableException) return false;
        log.LogWarning(exception, "The store is unavailable; answered {Path} with 503", http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "SupportBot cannot reach its store right now; nothing was recorded. Send the request again shortly.",
            },
        });
    }
}
