using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The shipped Alertmanager fixtures, re-labelled so that one test can open several distinct incidents.</summary>
public static class AlertmanagerPayload
{
    /// <summary>alertmanager-firing.json (or -resolved.json) for a group and alert of its own, summarised as <paramref name="summary"/>.</summary>
    public static StringContent For(string summary, bool resolved = false)
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
        }
        payload["commonLabels"]!["alertname"] = name;
        payload["commonAnnotations"]!["summary"] = summary;
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
