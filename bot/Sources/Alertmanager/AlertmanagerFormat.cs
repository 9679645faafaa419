using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.Alertmanager;

/// <summary>
/// The Alertmanager webhook body (version 4): a group with an 'alerts' array of labelled alerts. Grafana's unified
/// alerting sends the same shape with extra fields, so both sources read it here and add their own parts.
/// </summary>
public static class AlertmanagerFormat
{
    // Label names that conventionally carry the affected service, in order of preference.
    private static readonly string[] ServiceLabels = ["service", "app", "application", "job", "namespace"];

    private static readonly (string Key, string Title)[] LinkAnnotations =
    [
        ("runbook_url", "Runbook"), ("runbook", "Runbook"), ("dashboard", "Dashboard"), ("dashboard_url", "Dashboard"),
        ("panel_url", "Panel"),
    ];

    /// <param name="enrich">Adds what a particular sender puts beside the standard fields of one alert.</param>
    public static SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt, string source,
        string formatName, Func<JsonElement, Alert, Alert>? enrich = null)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidPayloadException($"The payload must be a JSON object ({formatName}).");
        if (Json.Array(payload, "alerts") is not { } alerts)
            throw new InvalidPayloadException("The payload has no 'alerts' array.");

        var groupKey = Json.String(payload, "groupKey");
        var accepted = new List<Alert>();
        var rejected = new List<RejectedAlert>();
        var index = 0;
        foreach (var item in alerts.EnumerateArray())
        {
            if (TryParseAlert(item, settings, source, groupKey, receivedAt, out var alert, out var reason))
                accepted.Add(enrich is null ? alert : enrich(item, alert));
            else rejected.Add(new RejectedAlert(index, reason));
            index++;
        }
        if (index == 0) throw new InvalidPayloadException("The 'alerts' array is empty.");
        return new SourceParseResult(accepted, rejected);
    }

    private static bool TryParseAlert(JsonElement item, SourceOptions settings, string source, string? groupKey, DateTimeOffset receivedAt,
        out Alert alert, out string reason)
    {
        if (item.ValueKind != JsonValueKind.Object) { alert = null!; reason = NotAnObject; return false; }
        var fields = new AlertFields(Json.String(item, "status"), Json.StringMap(Json.Object(item, "labels")), Json.StringMap(Json.Object(item, "annotations")),
            Json.String(item, "startsAt"), Json.String(item, "endsAt"), Json.String(item, "generatorURL"), Json.String(item, "fingerprint"));
        return TryBuild(fields, settings, source, groupKey, receivedAt, out alert, out reason);
    }

    internal const string NotAnObject = "an alert must be a JSON object";

    /// <summary>
    /// The fields of one alert object as read from the body (for each, its last occurrence; a value of the wrong type
    /// reads as missing; labels and annotations hold only string values).
    /// </summary>
    internal sealed record AlertFields(string? Status, Dictionary<string, string> Labels, Dictionary<string, string> Annotations,
        string? StartsAt, string? EndsAt, string? GeneratorUrl, string? Fingerprint);

    /// <summary>The alert the fields make, or why they make none: the same for every reader of the body.</summary>
    internal static bool TryBuild(AlertFields fields, SourceOptions settings, string source, string? groupKey, DateTimeOffset receivedAt,
        out Alert alert, out string reason)
    {
        alert = null!;
        AlertStatus status;
        switch (fields.Status)
        {
            case "firing": status = AlertStatus.Firing; break;
            case "resolved": status = AlertStatus.Resolved; break;
            case null: reason = "'status' is missing"; return false;
            case var other: reason = $"'status' must be 'firing' or 'resolved', not '{SourceConventions.Clip(other)}'"; return false;
        }

        var labels = fields.Labels;
        if (labels.Count == 0) { reason = "'labels' is missing or empty"; return false; }
        var annotations = fields.Annotations;

        var service = SourceConventions.Service(settings, labels, ServiceLabels) ?? labels.GetValueOrDefault("alertname") ?? "unknown";
        var startsAt = Json.Time(fields.StartsAt) ?? receivedAt;
        var endsAt = Json.Time(fields.EndsAt);
        if (endsAt is { Year: <= 1 }) endsAt = null; // Alertmanager sends 0001-01-01 for "not ended"

        var links = new List<AlertLink>();
        if (Json.WebLink(fields.GeneratorUrl) is { } generator) links.Add(new("Source", generator));
        foreach (var (key, title) in LinkAnnotations)
            if (Json.WebLink(annotations.GetValueOrDefault(key)) is { } url) links.Add(new(title, url));

        var fingerprint = fields.Fingerprint;
        if (string.IsNullOrWhiteSpace(fingerprint)) fingerprint = FingerprintOf(labels);

        alert = new Alert
        {
            Source = source,
            Fingerprint = fingerprint,
            Status = status,
            Severity = SourceConventions.Severity(settings, labels.GetValueOrDefault("severity") ?? labels.GetValueOrDefault("priority")),
            Service = service,
            Summary = annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("message")
                      ?? annotations.GetValueOrDefault("title") ?? labels.GetValueOrDefault("alertname") ?? "Alert",
            Description = annotations.GetValueOrDefault("description"),
            Labels = labels,
            StartsAt = startsAt,
            EndsAt = endsAt,
            Links = links,
            GroupKey = string.IsNullOrEmpty(groupKey) ? $"service:{service}" : $"{source}:{groupKey}",
        };
        reason = "";
        return true;
    }

    /// <summary>Like Alertmanager's own fingerprint: a hash of the sorted label set.</summary>
    private static string FingerprintOf(Dictionary<string, string> labels) =>
        SourceConventions.Hash(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}\u00fe{l.Value}").ToArray());
}
