using System.Globalization;
using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.Zabbix;

/// <summary>
/// What the SupportBot webhook media type (scripts/zabbix/supportbot-media-type.js) posts: the media type's
/// parameters, which are Zabbix macros, with {EVENT.TAGSJSON} decoded into 'event_tags'.
/// </summary>
public sealed class ZabbixSource : IAlertSource
{
    private static readonly string[] ServiceTags = ["service", "app", "application", "component"];

    public string Name => "zabbix";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidPayloadException("The payload must be a JSON object (the SupportBot Zabbix media type).");
        var fields = Json.ScalarMap(payload);

        // {EVENT.SOURCE} 0 is a trigger event; discovery, autoregistration and internal events are not outages.
        if (fields.GetValueOrDefault("event_source") is { } source && source != "0")
            return SourceParseResult.Rejection($"'event_source' is '{SourceConventions.Clip(source)}'; only trigger events (0) are taken");

        var eventId = fields.GetValueOrDefault("event_id");
        if (string.IsNullOrWhiteSpace(eventId)) return SourceParseResult.Rejection("'event_id' ({EVENT.ID}) is missing");

        var value = fields.GetValueOrDefault("event_value");
        AlertStatus status;
        switch (value)
        {
            case "1": status = AlertStatus.Firing; break;
            case "0": status = AlertStatus.Resolved; break;
            case null: return SourceParseResult.Rejection("'event_value' ({EVENT.VALUE}) is missing");
            default: return SourceParseResult.Rejection($"'event_value' must be 1 (problem) or 0 (recovery), not '{SourceConventions.Clip(value)}'");
        }

        var tags = Tags(payload);
        var host = fields.GetValueOrDefault("host_name");
        var service = SourceConventions.Service(settings, tags, ServiceTags) ?? host ?? "zabbix";
        var severity = SourceConventions.Severity(settings, fields.GetValueOrDefault("event_nseverity"), ZabbixSeverity,
            SourceConventions.Severity(settings, fields.GetValueOrDefault("event_severity")));

        var labels = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        if (host is not null) labels.TryAdd("host", host);

        var links = new List<AlertLink>();
        var triggerId = fields.GetValueOrDefault("trigger_id");
        if (Json.WebLink(fields.GetValueOrDefault("zabbix_url")) is { } url && triggerId is not null)
        {
            var problem = $"{url.TrimEnd('/')}/tr_events.php?triggerid={Uri.EscapeDataString(triggerId)}&eventid={Uri.EscapeDataString(eventId)}";
            if (Json.WebLink(problem) is { } normalized) links.Add(new("Zabbix problem", normalized));
        }

        var startsAt = ZabbixTime(fields.GetValueOrDefault("event_date"), fields.GetValueOrDefault("event_time")) ?? receivedAt;
        return SourceParseResult.Single(new Alert
        {
            Source = Name,
            Fingerprint = $"zabbix:{eventId}",
            Status = status,
            Severity = severity,
            Service = service,
            Summary = SourceConventions.Limit(fields.GetValueOrDefault("event_name") ?? fields.GetValueOrDefault("alert_subject") ?? $"Zabbix problem {eventId}", 300)!,
            Description = SourceConventions.Limit(fields.GetValueOrDefault("trigger_description") is { Length: > 0 } d ? d : fields.GetValueOrDefault("alert_message")),
            Labels = labels,
            StartsAt = startsAt,
            EndsAt = status == AlertStatus.Resolved
                ? ZabbixTime(fields.GetValueOrDefault("event_recovery_date"), fields.GetValueOrDefault("event_recovery_time"))
                : null,
            Links = links,
            GroupKey = $"service:{service}",
        });
    }

    /// <summary>{EVENT.NSEVERITY}: 0 not classified, 1 information, 2 warning, 3 average, 4 high, 5 disaster.</summary>
    private static Severity? ZabbixSeverity(string raw) => raw switch
    {
        "5" => Severity.Critical,
        "4" => Severity.Major,
        "3" or "2" => Severity.Minor,
        "1" or "0" => Severity.Info,
        _ => null,
    };

    /// <summary>'event_tags' as the media type sends it (an array of {tag, value}); a tag repeated keeps its first value.</summary>
    private static Dictionary<string, string> Tags(JsonElement payload)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Json.Array(payload, "event_tags") is not { } array) return tags;
        foreach (var item in array.EnumerateArray().Take(100))
            if (Json.Scalar(item, "tag") is { Length: > 0 } tag) tags.TryAdd(tag, Json.Scalar(item, "value") ?? "");
        return tags;
    }

    /// <summary>{EVENT.DATE} "2026.11.20" and {EVENT.TIME} "12:40:11", read as UTC (run the Zabbix server in UTC, or expect an offset).</summary>
    private static DateTimeOffset? ZabbixTime(string? date, string? time) =>
        !string.IsNullOrWhiteSpace(date) && !string.IsNullOrWhiteSpace(time) &&
        DateTime.TryParseExact($"{date} {time}", "yyyy.MM.dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
}
