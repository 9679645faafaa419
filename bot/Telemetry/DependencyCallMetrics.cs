using System.Diagnostics;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SupportBot.Telemetry;

/// <summary>Counts and times each call to a dependency as the caller sees it (retries included), by outcome.</summary>
public sealed class DependencyCallMetrics(SupportBotMetrics metrics, string dependency) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var response = await base.SendAsync(request, ct);
            outcome = response.IsSuccessStatusCode ? "success" : "error";
            return response;
        }
        catch (BrokenCircuitException)
        {
            outcome = "circuit_open";
            throw;
        }
        catch (Exception e) when (e is TimeoutRejectedException or OperationCanceledException)
        {
            outcome = "timeout";
            throw;
        }
        finally
        {
            metrics.DependencyCalls.WithLabels(dependency, outcome).Inc();
            metrics.DependencyDuration.WithLabels(dependency).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
