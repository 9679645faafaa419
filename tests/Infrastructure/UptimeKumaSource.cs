namespace SupportBot.Tests.Infrastructure;

/// <summary>The generic source for Uptime Kuma's webhook, configured exactly as README.md shows.</summary>
public static class UptimeKumaSource
{
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Sources:uptime-kuma:Type"] = "generic",
            ["Webhooks:Sources:uptime-kuma:Mapping:Fingerprint"] = "monitor.id",
            ["Webhooks:Sources:uptime-kuma:Mapping:Status"] = "heartbeat.status",
            ["Webhooks:Sources:uptime-kuma:Mapping:FiringValues:0"] = "0",
            ["Webhooks:Sources:uptime-kuma:Mapping:ResolvedValues:0"] = "1",
            ["Webhooks:Sources:uptime-kuma:Mapping:Service"] = "monitor.name",
            ["Webhooks:Sources:uptime-kuma:Mapping:Summary"] = "msg",
            ["Webhooks:Sources:uptime-kuma:Mapping:Description"] = "heartbeat.msg",
            ["Webhooks:Sources:uptime-kuma:Mapping:Time"] = "heartbeat.time",
            ["Webhooks:Sources:uptime-kuma:Mapping:Link"] = "monitor.url",
            ["Webhooks:Sources:uptime-kuma:Mapping:DefaultSeverity"] = "critical",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }
}
