using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Alerts;

namespace SupportBot.Sources.Datadog;

/// <summary>
/// Datadog's webhook integration with the payload template from the README: the default fields plus
/// $ALERT_ID, $AGGREG_KEY, $ALERT_TRANSITION, $ALERT_PRIORITY, $TAGS, $ALERT_SCOPE, $HOSTNAME and $LINK.
/// </summary>
public sealed partial class DatadogSource : IAlertSource
{
    private static readonly string[] ServiceTags = ["service", "app", "application"];

    public string Name => "datadog";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidPayloadException("The payload must be a JSON object (Datadog webhook with the SupportBot template).");
        var fields = Json.ScalarMap(payload);

        var transition = fields.GetValueOrDefault("alert_transition");
        if (string.IsNullOrWhiteSpace(transition))
            return SourceParseResult.Rejection("'alert_transition' is missing; the webhook template must include \"alert_transition\": \"$ALERT_TRANSITION\"");
        if (StatusOf(transition) is not { } status)
            return SourceParseResult.Rejection($"'alert_transition' '{SourceConventions.Clip(transition)}' is not a Datadog transition (Triggered, Re-Triggered, Warn, No Data, Renotify, Recovered)");

        var monitor = fields.GetValueOrDefault("alert_id");
        var aggregation = fields.GetValueOrDefault("aggreg_key");
        var scope = fields.GetValueOrDefault("alert_scope");
        if (string.IsNullOrWhiteSpace(aggregation) && string.IsNullOrWhiteSpace(monitor))
            return SourceParseResult.Rejection("neither 'aggreg_key' nor 'alert_id' is present; the template must include $AGGREG_KEY or $ALERT_ID");

        var tags = Tags(fields.GetValueOrDefault("tags"));
        foreach (var (key, value) in Tags(scope)) tags.TryAdd(key, value);
        var service = SourceConventions.Service(settings, tags, ServiceTags) ?? fields.GetValueOrDefault("hostname") ?? $"datadog monitor {monitor}";

        var severity = SourceConventions.Severity(settings, fields.GetValueOrDefault("alert_priority") ?? fields.GetValueOrDefault("alert_type"));
        if (IsWarning(transition) && severity < Severity.Minor) severity = Severity.Minor;

        var at = Json.UnixTime(fields.GetValueOrDefault("date")) ?? Json.UnixTime(fields.GetValueOrDefault("last_updated")) ?? receivedAt;
        var links = new List<AlertLink>();
        if (Json.WebLink(fields.GetValueOrDefault("link")) is { } link) links.Add(new("Datadog event", link));
        if (Json.WebLink(fields.GetValueOrDefault("snapshot")) is { } snapshot) links.Add(new("Graph", snapshot));

        return SourceParseResult.Single(new Alert
        {
            Source = Name,
            Fingerprint = string.IsNullOrWhiteSpace(aggregation) ? $"datadog:{monitor}/{scope}" : $"datadog:{aggregation}",
            Status = status,
            Severity = severity,
            Service = service,
            Summary = SourceConventions.Limit(fields.GetValueOrDefault("alert_title") ?? TitleWithoutTransition(fields.GetValueOrDefault("title"))
                                              ?? $"Datadog monitor {monitor}", 300)!,
            Description = SourceConventions.Limit(fields.GetValueOrDefault("body")?.Replace("%%%", "").Trim()),
            Labels = tags,
            StartsAt = at,
            EndsAt = status == AlertStatus.Resolved ? at : null,
            Links = links,
            GroupKey = $"service:{service}",
        });
    }

    private static AlertStatus? StatusOf(string transition) => Normalize(transition) switch
    {
        "recovered" => AlertStatus.Resolved,
        "triggered" or "warn" or "warning" or "nodata" or "renotify" => AlertStatus.Firing,
        _ => null,
    };

    private static bool IsWarning(string transition) => Normalize(transition) is "warn" or "warning";

    // "Re-Triggered" is "Triggered" again; "No Data" and "no_data" are one transition.
    private static string Normalize(string transition)
    {
        var t = transition.Trim().ToLowerInvariant().Replace(" ", "").Replace("_", "").Replace("-", "");
        return t.StartsWith("re", StringComparison.Ordinal) && t != "renotify" && t != "recovered" ? t[2..] : t;
    }

    /// <summary>"env:prod,service:search-api,team:discovery" as a map; a tag without a value maps to itself.</summary>
    private static Dictionary<string, string> Tags(string? text)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return tags;
        foreach (var tag in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100))
        {
            var colon = tag.IndexOf(':');
            if (colon < 0) tags.TryAdd(tag, tag);
            else tags.TryAdd(tag[..colon], tag[(colon + 1)..]);
        }
        return tags;
    }

    private static string? TitleWithoutTransition(string? title) => title is null ? null : TransitionPrefix().Replace(title, "");

    [GeneratedRegex(@"^\s*(\[[^\]]*\]\s*)+")]
    private static partial Regex TransitionPrefix();
}
