using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Tests.EarlyWarning;

public sealed class WarningStateMachineTests
{
    private static Forecast WillCross(double minutes) => new(ForecastOutcome.WillCross, 3, TimeSpan.FromMinutes(minutes), 0.01, "");
    private static readonly Forecast Clear = new(ForecastOutcome.Clear, 1, null, null, "");
    private static readonly Forecast Crossed = new(ForecastOutcome.Crossed, 6, TimeSpan.Zero, null, "");
    private static readonly Forecast Unknown = Forecast.Insufficient(null, "");

    private static (WarningState, List<WarningTransition>) Run(int forEvaluations, params Forecast[] forecasts)
    {
        var state = WarningState.Initial;
        var transitions = new List<WarningTransition>();
        var now = 0.0;
        foreach (var forecast in forecasts)
        {
            (state, var transition) = WarningStateMachine.Step(state, forecast, forEvaluations, now += 30);
            transitions.Add(transition);
        }
        return (state, transitions);
    }

    [Fact]
    public void A_warning_is_raised_only_after_For_evaluations_in_a_row()
    {
        var (state, transitions) = Run(2, WillCross(12), Clear, WillCross(12), WillCross(11));
        Assert.Equal([WarningTransition.None, WarningTransition.None, WarningTransition.None, WarningTransition.Raised], transitions);
        Assert.Equal(WarningPhase.Warning, state.Phase);
        Assert.Equal(120, state.Since);
    }

    [Fact]
    public void Missing_data_while_pending_neither_counts_nor_resets()
    {
        var (_, transitions) = Run(3, WillCross(12), Unknown, WillCross(12), WillCross(11));
        Assert.Equal(WarningTransition.Raised, transitions[^1]);
    }

    [Fact]
    public void The_card_is_updated_when_the_predicted_time_moves_not_on_every_evaluation()
    {
        var (_, transitions) = Run(1, WillCross(12.2), WillCross(11.9), WillCross(7), WillCross(7.1));
        Assert.Equal([WarningTransition.Raised, WarningTransition.None, WarningTransition.Updated, WarningTransition.None], transitions);
    }

    [Fact]
    public void A_warning_is_withdrawn_after_For_clear_evaluations_and_one_clear_one_does_not()
    {
        var (state, transitions) = Run(2, WillCross(10), WillCross(10), Clear, WillCross(10), Clear, Unknown, Clear);
        Assert.Equal(WarningTransition.Raised, transitions[1]);
        Assert.DoesNotContain(WarningTransition.Withdrawn, transitions[..^1]);
        Assert.Equal(WarningTransition.Withdrawn, transitions[^1]);
        Assert.Equal(WarningPhase.Quiet, state.Phase);
    }

    [Fact]
    public void Crossing_after_a_warning_is_reported_and_recovery_ends_it()
    {
        var (state, transitions) = Run(1, WillCross(3), Crossed, Crossed, WillCross(1), Clear);
        Assert.Equal([WarningTransition.Raised, WarningTransition.Crossed, WarningTransition.None, WarningTransition.None, WarningTransition.Withdrawn], transitions);
        Assert.False(state.IsActive);
    }

    [Fact]
    public void A_crossing_nobody_forecast_raises_no_warning()
    {
        var (state, transitions) = Run(1, Clear, Crossed, Crossed);
        Assert.All(transitions, t => Assert.Equal(WarningTransition.None, t));
        Assert.Equal(WarningPhase.Quiet, state.Phase);
    }
}
