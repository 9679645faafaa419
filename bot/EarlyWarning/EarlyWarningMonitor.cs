using Microsoft.Extensions.Options;
using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.EarlyWarning;

/// <summary>
/// One evaluation pass over every signal (run by the leader every <see cref="EarlyWarningOptions.Interval"/>): reads
/// Prometheus, steps each signal's For-evaluations state, and stores and publishes the warnings that change.
/// What people did to a warning on another instance (dismissed, looking, came true) is read back before each change.
/// </summary>
public sealed class EarlyWarningMonitor(
    SignalEvaluator evaluator,
    IEarlyWarningStore store,
    IEnumerable<IEarlyWarningSink> sinks,
    SignalHealth health,
    IOptions<EarlyWarningOptions> options,
    TimeProvider time,
    ILogger<EarlyWarningMonitor> log)
{
    private readonly Dictionary<string, WarningState> _states = new();
    private readonly Dictionary<string, string> _warningIds = new();
    private readonly SemaphoreSlim _pass = new(1, 1);
    private bool _resumed;

    public async Task EvaluateAllAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            if (!_resumed) await ResumeAsync(ct);
            foreach (var signal in options.Value.Signals)
                await EvaluateAsync(signal, ct);
        }
        finally { _pass.Release(); }
    }

    /// <summary>A new leader carries on with the warnings the previous one left out, instead of raising them again.</summary>
    private async Task ResumeAsync(CancellationToken ct)
    {
        foreach (var warning in await store.ListActiveAsync(ct))
        {
            _warningIds[warning.SignalKey] = warning.Id;
            _states[warning.SignalKey] = new WarningState(
                warning.Status == WarningStatus.Crossed ? WarningPhase.Crossed : WarningPhase.Warning, 0,
                warning.RaisedAt.ToUnixTimeSeconds(), new Forecast(ForecastOutcome.WillCross, warning.ValueNow, warning.CrossingIn, null, "resumed"));
        }
        _resumed = true;
    }

    private async Task EvaluateAsync(SignalOptions signal, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        SignalReading reading;
        try
        {
            reading = await evaluator.EvaluateAsync(signal, now, ct);
        }
        catch (PrometheusQueryException e)
        {
            health.Failed(signal, e);
            return; // an evaluation that failed neither raises nor withdraws anything
        }
        health.Succeeded(signal);

        var state = _states.GetValueOrDefault(signal.Key, WarningState.Initial);
        var (next, transition) = WarningStateMachine.Step(state, reading.Forecast, signal.For, now.ToUnixTimeMilliseconds() / 1000.0);
        _states[signal.Key] = next;
        if (transition == WarningTransition.None) return;
        log.LogInformation("Early warning {Signal}: {Transition} ({Why}, now {Value}, crossing in {Eta})",
            signal.Key, transition, reading.Forecast.Why, reading.Forecast.Now, reading.Forecast.CrossingIn);

        var recent = reading.Recent.Select(p => p.V).ToList();
        SignalWarning? warning;
        if (transition == WarningTransition.Raised)
        {
            warning = new SignalWarning
            {
                Id = SignalWarning.MakeId(signal.Key, now),
                SignalKey = signal.Key,
                Service = signal.Service,
                SignalName = signal.Name,
                Direction = signal.Direction,
                Threshold = signal.Threshold,
                Status = WarningStatus.Active,
                RaisedAt = now,
                UpdatedAt = now,
                ValueNow = reading.Forecast.Now,
                CrossingIn = reading.Forecast.CrossingIn,
                Recent = recent,
                RecentSpan = signal.Lookback,
            };
            _warningIds[signal.Key] = warning.Id;
        }
        else
        {
            if (!_warningIds.TryGetValue(signal.Key, out var id) || await store.GetAsync(id, ct) is not { } stored) return;
            warning = Apply(stored, transition, reading, recent, now);
            if (transition == WarningTransition.Withdrawn) _warningIds.Remove(signal.Key);
            if (warning is null) return;
        }
        await store.SaveAsync(warning, ct);
        foreach (var sink in sinks) await sink.PublishAsync(warning, ct);
    }

    /// <summary>The stored warning after a transition; null when nothing anyone sees changes.</summary>
    private static SignalWarning? Apply(SignalWarning stored, WarningTransition transition, SignalReading reading, List<double> recent, DateTimeOffset now)
    {
        var moved = stored with
        {
            Version = stored.Version + 1,
            UpdatedAt = now,
            ValueNow = reading.Forecast.Now ?? stored.ValueNow,
            CrossingIn = reading.Forecast.CrossingIn,
            Recent = recent,
        };
        return transition switch
        {
            // Dismissed and came-true cards are final: the forecast no longer changes them.
            _ when stored.Status is WarningStatus.Dismissed or WarningStatus.CameTrue or WarningStatus.Recovered =>
                transition == WarningTransition.Withdrawn && stored.EndedAt is null
                    ? stored with { Version = stored.Version + 1, UpdatedAt = now, EndedAt = now }
                    : null,
            WarningTransition.Updated => moved,
            WarningTransition.Crossed => moved with { Status = WarningStatus.Crossed, CrossedAt = now },
            WarningTransition.Withdrawn => moved with { Status = WarningStatus.Recovered, EndedAt = now, CrossingIn = null },
            _ => null,
        };
    }
}
