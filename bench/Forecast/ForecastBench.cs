using SupportBot.Bench.Forecast;

namespace SupportBot.Bench;

/// <summary>
/// The early-warning forecaster on the labelled synthetic set: precision, recall and median lead time, against a plain
/// threshold alert on the same series. Targets (issue 18): recall ≥ 0.9 on ramps, median lead ≥ 10 min at a 15-min
/// horizon, ≤ 1 false warning per series-day on noise.
/// </summary>
public static class ForecastBench
{
    public static void Run(Options options, Report report)
    {
        var seeds = options.Measure < TimeSpan.FromSeconds(10) ? 1 : 3;
        var series = SyntheticSeries.All(seeds).ToList();
        Console.WriteLine($"— forecast: {series.Count} labelled series, horizon {ForecastEvaluation.Settings.Horizon.TotalMinutes} min, lookback {ForecastEvaluation.Settings.Lookback.TotalMinutes} min, every {ForecastEvaluation.Interval.TotalSeconds} s, For {ForecastEvaluation.For}");

        var forecast = series.AsParallel().Select(s => ForecastEvaluation.Forecaster(s, useWeekAgo: true)).ToList();
        var blind = series.Where(s => s.Kind == "seasonal").Select(s => ForecastEvaluation.Forecaster(s, useWeekAgo: false)).ToList();
        var plain = series.Select(ForecastEvaluation.PlainThreshold).ToList();
        var slack = ForecastEvaluation.Settings.Horizon.TotalSeconds + 600;

        foreach (var (name, detections) in new[] { ("forecast", forecast), ("threshold", plain) })
        {
            var ramps = detections.Where(d => d.Series.Kind == "ramp").ToList();
            var positives = detections.Where(d => d.Outage is not null).ToList();
            var trueAlarms = detections.Sum(d => d.TrueAlarms(slack));
            var falseAlarms = detections.Sum(d => d.FalseAlarms(slack));
            var leads = positives.Select(d => d.Lead).OfType<double>().Select(l => l / 60).Order().ToList();
            var noise = detections.Where(d => d.Series.Kind == "noise").ToList();
            var spikes = detections.Where(d => d.Series.Kind == "spike").ToList();
            var isForecast = name == "forecast";

            var rampRecall = ramps.Count(d => d.Lead is not null) / (double)ramps.Count;
            report.Add(new Figure("forecast", name, "recall on ramps (warned before)", rampRecall, "",
                isForecast ? "≥ 0.9" : null, isForecast ? rampRecall >= 0.9 : null));
            report.Add(new Figure("forecast", name, "recall, all outages", positives.Count(d => d.Lead is not null) / (double)positives.Count, ""));
            report.Add(new Figure("forecast", name, "precision", trueAlarms + falseAlarms == 0 ? double.NaN : trueAlarms / (double)(trueAlarms + falseAlarms), ""));
            var medianLead = leads.Count == 0 ? 0 : Median(leads);
            report.Add(new Figure("forecast", name, "median lead time", medianLead, "min",
                isForecast ? "≥ 10 min" : null, isForecast ? medianLead >= 10 : null));
            var perDay = noise.Sum(d => d.FalseAlarms(slack)) / noise.Sum(d => d.Series.Days);
            report.Add(new Figure("forecast", name, "false warnings on noise", perDay, "/day",
                isForecast ? "≤ 1 per series-day" : null, isForecast ? perDay <= 1 : null));
            report.Add(new Figure("forecast", name, "false warnings on spikes", spikes.Sum(d => d.FalseAlarms(slack)) / spikes.Sum(d => d.Series.Days), "/day"));
            var seasonal = detections.Where(d => d.Series.Kind == "seasonal").ToList();
            report.Add(new Figure("forecast", name, "weekly bump, no outage: false", seasonal.Where(d => d.Outage is null).Sum(d => d.FalseAlarms(slack)), "warnings"));
            report.Add(new Figure("forecast", name, "weekly bump grown: warned before", seasonal.Count(d => d.Outage is not null && d.Lead is not null), $"of {seasonal.Count(d => d.Outage is not null)}"));

            if (isForecast)
            {
                Console.WriteLine("    per ramp (lead min): " + string.Join(", ", ramps.GroupBy(d => d.Series.Name)
                    .Select(g => $"{g.Key}: {string.Join("/", g.Select(d => d.Lead is { } l ? (l / 60).ToString("0.#") : "miss"))}")));
                Console.WriteLine("    false warnings: " + string.Join(", ", detections.Where(d => d.FalseAlarms(slack) > 0)
                    .Select(d => $"{d.Series.Name} ×{d.FalseAlarms(slack)} at {string.Join("/", d.Alarms.Select(a => (d.Outage is { } o ? (a - o) / 60 : a / 3600).ToString("0.#")))}")));
            }
        }
        report.Add(new Figure("forecast", "no-week", "weekly bump, no outage: false", blind.Where(d => d.Outage is null).Sum(d => d.FalseAlarms(slack)), "warnings"));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
