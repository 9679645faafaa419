using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The shipped Alertmanager fixtures, re-labelled so that one test can open several distinct incidents.</summary>
public static class AlertmanagerPayload
{
    /// <summary>
    /// alertmanager-firing.json (or -resolved.json) for a group and alert of its own, summarised as <paramref name="summary"/>;
    /// of another service or severity than the fixture's checkout-api, critical when those are given.
    /// </summary>
    public static StringContent For(string summary, bool resolved = false, string? service = null, string? severity = null)
    {
        var payload = JsonNode.Parse(Fixtures.Text(resolved ? "alertmanager-resolved.json" : "alertmanager-firing.json"))!.AsObject();
        var name = new string(summary.Where(char.IsLetterOrDigit).ToArray());
        payload["groupKey"] = $"{{}}:{{alertname=\"{name}\"}}";
        payload["groupLabels"] = new JsonObject { ["alertname"] = name };
        foreach (var alert in payload["alerts"]!.AsArray())
        {
            alert!["fingerprint"] = $"fp-{name}";
            alert["labels"]!["alertname"] = name;
            alert["annotations"]!["summary"] = summary;
            if (service is not null) alert["labels"]!["service"] = service;
            if (severity is not null) alert["labels"]!["severity"] = severity;
        }
        if (service is not null) payload["commonLabels"]!["service"] = service;
        if (severity is not null) payload["commonLabels"]!["severity"] = severity;
        payload["commonLabels"]!["alertname"] = name;
        payload["commonAnnotations"]!["summary"] = summary;
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>The group of <paramref name="summary"/> (as <see cref="For"/>) with <paramref name="alerts"/> firing alerts.</summary>
    public static StringContent Firing(string summary, int alerts, string? service = null)
    {
        var payload = JsonNode.Parse(For(summary, service: service).ReadAsStringAsync().Result)!.AsObject();
        var list = payload["alerts"]!.AsArray();
        var first = list[0]!;
        for (var k = 2; k <= alerts; k++)
        {
            var more = first.DeepClone();
            more["fingerprint"] = $"{first["fingerprint"]}-{k}";
            more["labels"]!["instance"] = $"instance-{k}";
            list.Add(more);
        }
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
