using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SupportBot.EarlyWarning;

/// <summary>
/// Signals whose Prometheus is unreachable or whose query fails: logged once when it starts failing (and once when it
/// works again), counted in the metrics every time (meter <c>SupportBot.EarlyWarning</c>), never turned into a warning.
/// </summary>
public sealed class SignalHealth : IDisposable
{
    public const string MeterName = "SupportBot.EarlyWarning";
    private readonly ConcurrentDictionary<string, string> _failing = new();
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _errors;
    private readonly ILogger<SignalHealth> _log;

    public SignalHealth(ILogger<SignalHealth> log)
    {
        _log = log;
        _errors = _meter.CreateCounter<long>("supportbot.early_warning.query_errors", description: "Failed evaluations of an early-warning signal");
        _meter.CreateObservableGauge("supportbot.early_warning.signals_failing", () => _failing.Count, description: "Signals whose last evaluation failed");
    }

    /// <summary>Signal key → why its last evaluation failed.</summary>
    public IReadOnlyDictionary<string, string> Failing => _failing;

    public void Failed(SignalOptions signal, PrometheusQueryException error)
    {
        _errors.Add(1, new KeyValuePair<string, object?>("signal", signal.Key), new KeyValuePair<string, object?>("reason", error.Unreachable ? "unreachable" : "query"));
        if (_failing.TryAdd(signal.Key, error.Message))
            _log.LogWarning("Early-warning signal {Signal} cannot be evaluated (no warnings for it until it can): {Reason}", signal.Key, error.Message);
        else _failing[signal.Key] = error.Message;
    }

    public void Succeeded(SignalOptions signal)
    {
        if (_failing.TryRemove(signal.Key, out _))
            _log.LogInformation("Early-warning signal {Signal} can be evaluated again", signal.Key);
    }

    public void Dispose() => _meter.Dispose();
}
