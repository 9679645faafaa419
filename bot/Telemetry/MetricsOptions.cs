namespace SupportBot.Telemetry;

/// <summary>The "Metrics" section: where Prometheus scrapes the bot.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// A management port of its own for <c>/metrics</c> (no credential: keep the port inside the cluster). 0: served on
    /// the bot's own port, as an internal endpoint (the admin credential outside Development).
    /// </summary>
    public int Port { get; set; }

    /// <summary>The interface the management port listens on; <c>+</c> is every interface.</summary>
    public string Host { get; set; } = "+";
}
