using System.Collections.Concurrent;
using SupportBot.Telemetry;

namespace SupportBot.EarlyWarning;

/// <summary>
/// Signals whose Prometheus is unreachable or whose query fails: logged once when it starts failing (and once when it
/// works again), counted on /metrics every time (<c>supportbot_early_warning_query_errors_total</c>, and
/// <c>supportbot_early_warning_signals_failing</c> now), never turned into a warning.
/// </summary>
public sealed class SignalHealth(SupportBotMetrics metrics, ILogger<SignalHealth> log)
{
    private readonly ConcurrentDictionary<string, string> _failing = new();

    /// <summary>Signal key → why its last evaluation failed.</summary>
    public IReadOnlyDictionary<string, string> Failing => _failing;

    public void Failed(SignalOptions signal, PrometheusQueryException error)
    {
        metrics.EarlyWarningQueryErrors.WithLabels(signal.Key, error.Unreachable ? "unreachable" : "query").Inc();
        if (_failing.TryAdd(signal.Key, error.Message))
            log.LogWarning("Early-warning signal {Signal} cannot be evaluated (no warnings for it until it can): {Reason}", signal.Key, error.Message);
        else _failing[signal.Key] = error.Message;
        metrics.EarlyWarningSignalsFailing.Set(_failing.Count);
    }

    public void Succeeded(SignalOptions signal)
    {
        if (!_failing.TryRemove(signal.Key, out _)) return;
        metrics.EarlyWarningSignalsFailing.Set(_failing.Count);
        log.LogInformation("Early-warning signal {Signal} can be evaluated again", signal.Key);
    }
}
