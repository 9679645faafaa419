using Microsoft.AspNetCore.Http.HttpResults;

namespace SupportBot.Telemetry;

/// <summary>
/// Counts every answer of POST /api/webhooks/{source} by what it was: accepted, rejected (with the problem's title as
/// reason, e.g. <c>invalid_payload</c>), unauthorized, or failed (store unavailable, a bug).
/// </summary>
public sealed class WebhookMetrics(SupportBotMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var source = (context.HttpContext.GetRouteValue("source") as string ?? "").ToLowerInvariant();
        try
        {
            var result = await next(context);
            var (outcome, reason) = Classify(result);
            // Unknown names stay out of the label: a stranger must not be able to create series.
            metrics.WebhooksReceived.WithLabels(reason == "unknown_source" ? "unknown" : source, outcome, reason).Inc();
            return result;
        }
        catch
        {
            metrics.WebhooksReceived.WithLabels(source, "failed", "exception").Inc();
            throw;
        }
    }

    private static (string Outcome, string Reason) Classify(object? result)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status is >= 200 and < 300) return ("accepted", "");
        if (status == StatusCodes.Status401Unauthorized) return ("unauthorized", "");
        if (status >= 500) return ("failed", status.ToString());
        var title = (result as ProblemHttpResult)?.ProblemDetails.Title ?? status.ToString();
        return ("rejected", Slug(title));
    }

    private static string Slug(string title) =>
        string.Join('_', title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())));
}
