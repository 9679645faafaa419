using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometheus;

namespace SupportBot.Telemetry;

/// <summary>
/// Counts every answer of POST /api/webhooks/{source} by what it was: accepted, rejected (with the problem's title as
/// reason, e.g. <c>invalid_payload</c>), unauthorized, or failed (store unavailable, a bug). The webhook handler calls
/// it with its answer (not as an endpoint filter: a filter makes every webhook box its arguments and its result).
/// </summary>
public sealed class WebhookMetrics(SupportBotMetrics metrics)
{
    // The series already made, found without prometheus-net's label array and lookup on every webhook. The same
    // label values as the registry keeps, so no more of them.
    private readonly ConcurrentDictionary<(string Source, string Outcome, string Reason), Counter.Child> _series = new();

    /// <summary>The handler's answer to a webhook for <paramref name="source"/> (the route's segment as sent).</summary>
    public void Answered(string source, IResult result)
    {
        var (outcome, reason) = Classify(result);
        // Unknown names stay out of the label: a stranger must not be able to create series.
        Count(reason == "unknown_source" ? "unknown" : source.ToLowerInvariant(), outcome, reason);
    }

    /// <summary>The handler threw (the exception handler answers it).</summary>
    public void Failed(string source) => Count(source.ToLowerInvariant(), "failed", "exception");

    // No exemplar: /metrics is the text format, which has none, and reading one from the trace context costs.
    private void Count(string source, string outcome, string reason) =>
        _series.GetOrAdd((source, outcome, reason), static (key, counter) => counter.WithLabels(key.Source, key.Outcome, key.Reason), metrics.WebhooksReceived)
            .Inc(Exemplar.None);

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
