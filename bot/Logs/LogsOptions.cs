namespace SupportBot.Logs;

/// <summary>The "Logs" section: where log lines come from and how much of them a rep sees.</summary>
public sealed class LogsOptions
{
    public const string Section = "Logs";

    /// <summary>Grafana Loki's base URL (e.g. http://loki:3100); empty: only the alerts' own texts.</summary>
    public string LokiUrl { get; set; } = "";

    /// <summary>X-Scope-OrgID for a multi-tenant Loki; empty for a single-tenant one.</summary>
    public string LokiTenant { get; set; } = "";

    /// <summary>LogQL stream selector per service, e.g. "checkout-api": "{app=\"checkout\"}". Unlisted: {service="name"}.</summary>
    public Dictionary<string, string> Selectors { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Grafana's base URL for "open in Explore" links; empty: no link.</summary>
    public string GrafanaUrl { get; set; } = "";

    /// <summary>The uid of the Loki data source in Grafana.</summary>
    public string GrafanaLokiDatasourceUid { get; set; } = "loki";

    public int DefaultMinutes { get; set; } = 15;

    /// <summary>"around the incident's start": how long before it the range begins.</summary>
    public int MinutesBeforeIncident { get; set; } = 5;

    public int MaxLines { get; set; } = 20;
    public int MaxChars { get; set; } = 3000;
    public int MaxLineChars { get; set; } = 300;
    public double TimeoutSeconds { get; set; } = 5;
}
