using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Tests.EarlyWarning;

public sealed class ForecasterTests
{
    private static readonly ForecastSettings ErrorRatioAbove5 = new(5, Direction.Above, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

    private static Forecast Evaluate(Point[] recent, ForecastSettings? settings = null, Point[]? weekAgo = null) =>
        Forecaster.Evaluate(recent, weekAgo ?? [], Series.Now, settings ?? ErrorRatioAbove5);

    [Fact]
    public void A_steady_ramp_is_forecast_to_cross_at_the_time_the_line_reaches_the_threshold()
    {
        // 1% now, rising 0.25 points a minute: 5% in 16 min... one minute beyond the horizon, so clear;
        var ramp = Series.Make(ago => 1 - 0.25 * ago / 60, TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.Clear, Evaluate(ramp).Outcome);

        // ...and two minutes later it is 1.5%: 14 min to go.
        var later = Series.Make(ago => 1.5 - 0.25 * ago / 60, TimeSpan.FromMinutes(30));
        var forecast = Evaluate(later);
        Assert.Equal(ForecastOutcome.WillCross, forecast.Outcome);
        Assert.InRange(forecast.CrossingIn!.Value.TotalMinutes, 13.5, 14.5);
        Assert.Equal(1.5, forecast.Now!.Value, 6);
        Assert.Equal("in about 15 min", EtaText.Of(forecast.CrossingIn));
    }

    [Fact]
    public void A_ramp_through_noise_still_warns_but_flat_noise_of_the_same_size_does_not()
    {
        var noise = Series.Noise(7);
        var noisyRamp = Series.Make(ago => 3 - 0.15 * ago / 60 + 0.4 * noise(ago), TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.WillCross, Evaluate(noisyRamp).Outcome);

        var flat = Series.Make(ago => 3 + 0.4 * noise(ago), TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.Clear, Evaluate(flat).Outcome);
    }

    [Fact]
    public void A_ramp_that_began_minutes_ago_is_seen_in_the_short_window()
    {
        // Flat at 1 for 20 minutes, then rising 0.25 a minute for the last 10 (3.5 now, with a little noise): the
        // full window's median slope is small, the half and quarter windows' are not. 5 in about 6 min.
        var noise = Series.Noise(3);
        var recent = Series.Make(ago => (ago > 600 ? 1 : 1 + 0.25 * (600 - ago) / 60) + 0.1 * noise(ago), TimeSpan.FromMinutes(30));
        var forecast = Evaluate(recent);
        Assert.Equal(ForecastOutcome.WillCross, forecast.Outcome);
        Assert.InRange(forecast.CrossingIn!.Value.TotalMinutes, 5, 7);
        Assert.Equal(ForecastOutcome.Clear, Evaluate(recent, ErrorRatioAbove5 with { Lookback = TimeSpan.FromMinutes(30), MinTrendScore = 1000 }).Outcome);
    }

    [Fact]
    public void One_spike_neither_tilts_the_trend_nor_counts_as_crossed()
    {
        var recent = Series.Make(ago => ago is 60 ? 40 : 2, TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.Clear, Evaluate(recent).Outcome);
        var lastPoint = Series.Make(ago => ago is 0 ? 40 : 2, TimeSpan.FromMinutes(30));
        Assert.NotEqual(ForecastOutcome.Crossed, Evaluate(lastPoint).Outcome);
        Assert.NotEqual(ForecastOutcome.WillCross, Evaluate(lastPoint).Outcome);
    }

    [Fact]
    public void Past_the_threshold_for_the_last_points_is_crossed()
    {
        var recent = Series.Make(ago => ago < 45 ? 6 : 4, TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.Crossed, Evaluate(recent).Outcome);
    }

    [Fact]
    public void Below_thresholds_warn_on_a_falling_trend()
    {
        var settings = new ForecastSettings(20, Direction.Below, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
        // Free connections in the pool: 40 now, losing 2 a minute: 20 in 10 min.
        var falling = Series.Make(ago => 40 + 2 * ago / 60, TimeSpan.FromMinutes(30));
        var forecast = Evaluate(falling, settings);
        Assert.Equal(ForecastOutcome.WillCross, forecast.Outcome);
        Assert.InRange(forecast.CrossingIn!.Value.TotalMinutes, 9.5, 10.5);
        Assert.True(forecast.SlopePerSecond < 0);

        var rising = Series.Make(ago => 40 - 2 * ago / 60, TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.Clear, Evaluate(rising, settings).Outcome);
    }

    [Fact]
    public void Missing_points_and_NaN_are_skipped_and_a_long_gap_leaves_too_little_to_say()
    {
        var ramp = Series.Make(ago => 1.5 - 0.25 * ago / 60, TimeSpan.FromMinutes(30));
        // Every third scrape lost, two NaN answers (a division by zero) and a duplicate timestamp.
        var holey = ramp.Where((_, i) => i % 3 != 1).ToList();
        holey[5] = holey[5] with { V = double.NaN };
        holey[9] = holey[9] with { V = double.PositiveInfinity };
        holey.Add(holey[^1]);
        var forecast = Evaluate([.. holey]);
        Assert.Equal(ForecastOutcome.WillCross, forecast.Outcome);
        Assert.InRange(forecast.CrossingIn!.Value.TotalMinutes, 13, 15);

        // Prometheus only has the last three minutes (the scrape target was down before).
        var recentOnly = ramp.Where(p => p.T > Series.Now - 180).ToArray();
        Assert.Equal(ForecastOutcome.InsufficientData, Evaluate(recentOnly).Outcome);
        Assert.Equal(ForecastOutcome.InsufficientData, Evaluate([]).Outcome);
    }

    [Fact]
    public void After_a_counter_reset_only_the_counting_since_is_fitted()
    {
        // A raw counter with a threshold on its count: 900 → 1020 over 25 min, the process restarts 5 min ago, and
        // it has counted 2 a second since (600 now): 2000 in about 12 min.
        var counter = Series.Make(ago => ago > 300 ? 900 + (1800 - ago) / 12.5 : (300 - ago) * 2, TimeSpan.FromMinutes(30));
        var above = new ForecastSettings(2000, Direction.Above, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
        var forecast = Evaluate(counter, above);
        Assert.Equal(ForecastOutcome.WillCross, forecast.Outcome);
        Assert.InRange(forecast.CrossingIn!.Value.TotalMinutes, 11, 12.5);

        var kept = SeriesCleaning.SinceLastReset(counter);
        Assert.Equal(Series.Now - 300, kept[0].T);
    }

    [Fact]
    public void A_gauge_that_was_already_falling_is_not_mistaken_for_a_reset()
    {
        // Free disk falling from 100 to 50 GB over 25 min, then to 2 GB: the fall before says "gauge", not "counter".
        var gauge = Series.Make(ago => ago > 300 ? 100 - (1800 - ago) / 30 : 2, TimeSpan.FromMinutes(30));
        Assert.Equal(gauge.Length, SeriesCleaning.SinceLastReset(gauge).Length);
    }

    [Fact]
    public void A_weekly_ramp_that_stayed_below_the_threshold_last_week_does_not_warn()
    {
        // Monday 9:00: the error ratio climbs every week from 1 to 4 (3 now, since 10 min) and levels off; the threshold is 5.
        double Bump(double secondsFromNow) => Math.Min(4, 1 + 0.2 * Math.Max(0, (secondsFromNow + 600) / 60));
        var recent = Series.Make(ago => Bump(-ago), TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.WillCross, Evaluate(recent).Outcome); // a plain trend would warn

        var lastWeek = Series.Make(ago => Bump(900 - ago), TimeSpan.FromMinutes(45), now: Series.Now + 900);
        var forecast = Evaluate(recent, weekAgo: lastWeek);
        Assert.Equal(ForecastOutcome.Clear, forecast.Outcome);
        Assert.Contains("week ago", forecast.Why);

        // This week the same ramp runs 1.5 higher: last week's path plus the difference crosses.
        var higher = Series.Make(ago => Bump(-ago) + 1.5, TimeSpan.FromMinutes(30));
        Assert.Equal(ForecastOutcome.WillCross, Evaluate(higher, weekAgo: lastWeek).Outcome);
    }

    [Fact]
    public void Week_ago_history_that_does_not_reach_ahead_is_ignored()
    {
        var ramp = Series.Make(ago => 1.5 - 0.25 * ago / 60, TimeSpan.FromMinutes(30));
        var partial = Series.Make(_ => 0, TimeSpan.FromMinutes(30)); // ends at "now": nothing about the next 15 min
        Assert.Equal(ForecastOutcome.WillCross, Evaluate(ramp, weekAgo: partial).Outcome);
    }

    [Fact]
    public void A_ramp_recorded_from_prometheus_warns_well_before_crossing_and_its_flat_start_does_not()
    {
        var recorded = Series.Recorded("ramp-1s.csv");
        var settings = new ForecastSettings(100, Direction.Above, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(30));
        var start = recorded[0].T;
        var end = recorded[^1].T;
        var flatEnd = start + 40;
        Assert.Equal(ForecastOutcome.Clear, Forecaster.Evaluate(recorded, [], flatEnd, settings).Outcome);
        var warned = Enumerable.Range(0, (int)(end - flatEnd)).Select(s => flatEnd + s)
            .First(t => Forecaster.Evaluate(recorded, [], t, settings).Outcome == ForecastOutcome.WillCross);
        var crossed = recorded.First(p => p.V >= 100).T;
        Assert.True(crossed - warned >= 20, $"warned {crossed - warned:0} s before crossing");
    }
}
