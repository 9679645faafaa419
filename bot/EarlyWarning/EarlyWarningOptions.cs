using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.EarlyWarning;

/// <summary>The "EarlyWarning" section: where Prometheus is and which signals to watch.</summary>
public sealed class EarlyWarningOptions
{
    public const string Section = "EarlyWarning";

    /// <summary>Prometheus's base URL (e.g. http://prometheus:9090); empty turns early warnings off.</summary>
    public string PrometheusUrl { get; set; } = "";

    /// <summary>How often the leader evaluates every signal.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one Prometheus request may take.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Compare with the same time a week earlier when Prometheus still has it.</summary>
    public bool CompareWithWeekAgo { get; set; } = true;

    public List<SignalOptions> Signals { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(PrometheusUrl) && Signals.Count > 0;
}

/// <summary>One signal: a PromQL expression of one service and the threshold beyond which it is an outage.</summary>
public sealed class SignalOptions
{
    public string Service { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>PromQL returning one series, e.g. <c>sum(rate(http_errors_total[5m])) / sum(rate(http_requests_total[5m]))</c>.</summary>
    public string Query { get; set; } = "";
    public double? Above { get; set; }
    public double? Below { get; set; }
    public TimeSpan Horizon { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan Lookback { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Evaluations in a row that must agree before a warning is raised (and before it is withdrawn).</summary>
    public int For { get; set; } = 2;

    public double Threshold => Above ?? Below ?? double.NaN;
    public Direction Direction => Above is not null ? Direction.Above : Direction.Below;

    /// <summary>A stable key for the signal's state and card: service and name.</summary>
    public string Key => $"{Service}/{Name}";

    public ForecastSettings Settings => new(Threshold, Direction, Horizon, Lookback);
}
