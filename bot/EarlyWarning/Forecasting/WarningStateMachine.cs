namespace SupportBot.EarlyWarning.Forecasting;

public enum WarningPhase
{
    /// <summary>Nothing to say (or a crossing the forecast did not see coming: that is the monitoring's alert).</summary>
    Quiet,
    /// <summary>The forecast says "will cross", not yet for <c>For</c> evaluations in a row.</summary>
    Pending,
    /// <summary>A warning is out.</summary>
    Warning,
    /// <summary>A warning was out and the value has now crossed.</summary>
    Crossed,
}

public enum WarningTransition { None, Raised, Updated, Crossed, Withdrawn }

/// <param name="Streak">Evaluations in a row that agree with moving to the next phase.</param>
/// <param name="Since">Unix seconds when the current warning was raised.</param>
public sealed record WarningState(WarningPhase Phase, int Streak, double? Since, Forecast? Last)
{
    public static readonly WarningState Initial = new(WarningPhase.Quiet, 0, null, null);
    public bool IsActive => Phase is WarningPhase.Warning or WarningPhase.Crossed;
}

/// <summary>
/// The For-evaluations rule, both ways: a warning is raised after <c>For</c> evaluations in a row say "will cross",
/// and withdrawn after <c>For</c> in a row say "clear" (so one noisy evaluation neither raises nor withdraws it).
/// Insufficient data changes nothing; neither does an evaluation that failed (the caller does not step then).
/// </summary>
public static class WarningStateMachine
{
    public static (WarningState State, WarningTransition Transition) Step(WarningState state, Forecast forecast, int forEvaluations, double now)
    {
        var need = Math.Max(1, forEvaluations);
        switch (state.Phase)
        {
            case WarningPhase.Quiet or WarningPhase.Pending:
                if (forecast.Outcome != ForecastOutcome.WillCross)
                    return (forecast.Outcome == ForecastOutcome.InsufficientData && state.Phase == WarningPhase.Pending
                        ? state
                        : WarningState.Initial with { Last = forecast }, WarningTransition.None);
                var streak = state.Phase == WarningPhase.Pending ? state.Streak + 1 : 1;
                return streak >= need
                    ? (new WarningState(WarningPhase.Warning, 0, now, forecast), WarningTransition.Raised)
                    : (new WarningState(WarningPhase.Pending, streak, null, forecast), WarningTransition.None);

            case WarningPhase.Warning:
                switch (forecast.Outcome)
                {
                    case ForecastOutcome.Crossed:
                        return (state with { Phase = WarningPhase.Crossed, Streak = 0, Last = forecast }, WarningTransition.Crossed);
                    case ForecastOutcome.WillCross:
                        var changed = EtaText.Of(forecast.CrossingIn) != EtaText.Of(state.Last?.CrossingIn);
                        return (state with { Streak = 0, Last = forecast }, changed ? WarningTransition.Updated : WarningTransition.None);
                    case ForecastOutcome.Clear:
                        return Clearing(state, forecast, need);
                    default:
                        return (state, WarningTransition.None);
                }

            case WarningPhase.Crossed:
                return forecast.Outcome == ForecastOutcome.Clear
                    ? Clearing(state, forecast, need)
                    : (state with { Streak = 0, Last = forecast.Outcome == ForecastOutcome.InsufficientData ? state.Last : forecast }, WarningTransition.None);

            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
    }

    private static (WarningState, WarningTransition) Clearing(WarningState state, Forecast forecast, int need)
    {
        var streak = state.Streak + 1;
        return streak >= need
            ? (WarningState.Initial with { Last = forecast }, WarningTransition.Withdrawn)
            : (state with { Streak = streak }, WarningTransition.None);
    }
}
