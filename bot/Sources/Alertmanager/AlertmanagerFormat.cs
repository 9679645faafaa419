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
        alert = null!;
        if (item.ValueKind != JsonValueKind.Object) { reason = "an alert must be a JSON object"; return false; }

        AlertStatus status;
        switch (Json.String(item, "status"))
        {
            case "firing": status = AlertStatus.Firing; break;
            case "resolved": status = AlertStatus.Resolved; break;
            case null: reason = "'status' is missing"; return false;
            case var other: reason = $"'status' must be 'firing' or 'resolved', not '{SourceConventions.Clip(other)}'"; return false;
        }

        var labels = Json.StringMap(Json.Object(item, "labels"));
        if (labels.Count == 0) { reason = "'labels' is missing or empty"; return false; }
        var annotations = Json.StringMap(Json.Object(item, "annotations"));

        var service = SourceConventions.Service(settings, labels, ServiceLabels) ?? labels.GetValueOrDefault("alertname") ?? "unknown";
        var startsAt = Json.Time(Json.String(item, "startsAt")) ?? receivedAt;
        var endsAt = Json.Time(Json.String(item, "endsAt"));
        if (endsAt is { Year: <= 1 }) endsAt = null; // Alertmanager sends 0001-01-01 for "not ended"

        var links = new List<AlertLink>();
        if (Json.WebLink(Json.String(item, "generatorURL")) is { } generator) links.Add(new("Source", generator));
        foreach (var (key, title) in LinkAnnotations)
            if (Json.WebLink(annotations.GetValueOrDefault(key)) is { } url) links.Add(new(title, url));

        var fingerprint = Json.String(item, "fingerprint");
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
