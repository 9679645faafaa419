using Microsoft.AspNetCore.HttpLogging;

namespace SupportBot.Hosting;

/// <summary>
/// One log line per request (category Microsoft.AspNetCore.HttpLogging, off unless its level is Information) with every
/// query value redacted except the internal API's paging: senders that cannot set headers put secrets there
/// (Azure Monitor's ?token=…). ASP.NET Core's own "Request starting …" lines carry the raw query, so they stay off.
/// </summary>
public static class RequestLogging
{
    private static readonly HashSet<string> HarmlessParameters = new(StringComparer.OrdinalIgnoreCase) { "open", "limit", "before" };

    public static WebApplicationBuilder AddRequestLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
                              | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<QueryRedaction>();
        return builder;
    }

    /// <summary>?token=abc&amp;limit=5 → ?token=[redacted]&amp;limit=5</summary>
    public static string Redact(QueryString query)
    {
        if (!query.HasValue) return "";
        var parts = query.Value!.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            return equals < 0 || HarmlessParameters.Contains(Uri.UnescapeDataString(name)) ? part : $"{name}=[redacted]";
        });
        return "?" + string.Join('&', parts);
    }

    private sealed class QueryRedaction : IHttpLoggingInterceptor
    {
        public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
        {
            if (logContext.TryDisable(HttpLoggingFields.RequestQuery))
                logContext.AddParameter(nameof(HttpRequest.QueryString), Redact(logContext.HttpContext.Request.QueryString));
            return ValueTask.CompletedTask;
        }

        public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
    }
}
