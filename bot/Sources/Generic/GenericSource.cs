using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.Generic;

/// <summary>
/// Any JSON webhook (Uptime Kuma, a cron job's curl, an in-house checker) read through a mapping in configuration:
/// Webhooks:Sources:&lt;name&gt;:Type = generic, Webhooks:Sources:&lt;name&gt;:Mapping = paths to fingerprint, status, ...
/// </summary>
public sealed class GenericSource(string name) : IAlertSource
{
    public const string TypeName = "generic";

    public string Name { get; } = name;

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt)
    {
        var mapping = settings.Mapping ?? throw new InvalidPayloadException($"The source '{Name}' has no mapping configured.");
        if (string.IsNullOrWhiteSpace(mapping.Alerts))
            return TryParseAlert(payload, mapping, settings, receivedAt, out var alert, out var reason)
                ? SourceParseResult.Single(alert)
                : SourceParseResult.Rejection(reason);

        JsonPath.TryParse(mapping.Alerts, out var alertsPath);
        if (alertsPath.Find(payload) is not { ValueKind: JsonValueKind.Array } alerts)
            throw new InvalidPayloadException($"'{mapping.Alerts}' is not an array of alerts in this payload.");
        var accepted = new List<Alert>();
        var rejected = new List<RejectedAlert>();
        var index = 0;
        foreach (var item in alerts.EnumerateArray())
        {
            if (TryParseAlert(item, mapping, settings, receivedAt, out var alert, out var reason)) accepted.Add(alert);
            else rejected.Add(new RejectedAlert(index, reason));
            index++;
        }
        if (index == 0) throw new InvalidPayloadException($"'{mapping.Alerts}' is empty.");
        return new SourceParseResult(accepted, rejected);
    }

    private bool TryParseAlert(JsonElement item, GenericMapping mapping, SourceOptions settings, DateTimeOffset receivedAt,
        out Alert alert, out string reason)
    {
        alert = null!;
        string? Read(string? path) => JsonPath.TryParse(path, out var p) ? p.ScalarAt(item) is { Length: > 0 } s ? s : null : null;

        var fingerprint = Read(mapping.Fingerprint);
        if (fingerprint is null) { reason = $"'{mapping.Fingerprint}' (the fingerprint) is missing"; return false; }
        var statusText = Read(mapping.Status);
        if (statusText is null) { reason = $"'{mapping.Status}' (the status) is missing"; return false; }
        AlertStatus status;
        if (mapping.Firing.Contains(statusText.Trim(), StringComparer.OrdinalIgnoreCase)) status = AlertStatus.Firing;
        else if (mapping.Resolved.Contains(statusText.Trim(), StringComparer.OrdinalIgnoreCase)) status = AlertStatus.Resolved;
        else
        {
            reason = $"'{mapping.Status}' is '{SourceConventions.Clip(statusText)}', which is neither firing ({string.Join(", ", mapping.Firing)}) " +
                     $"nor resolved ({string.Join(", ", mapping.Resolved)})";
            return false;
        }

        var fallbackSeverity = Enum.TryParse<Severity>(mapping.DefaultSeverity, true, out var d) ? d : Severity.Major;
        var service = SourceConventions.Limit(Read(mapping.Service), 200) ?? mapping.DefaultService ?? Name;
        var at = Read(mapping.Time) is { } time ? Json.Time(time) ?? Json.UnixTime(time) ?? receivedAt : receivedAt;
        var link = Read(mapping.Link);

        alert = new Alert
        {
            Source = Name,
            Fingerprint = $"{Name}:{SourceConventions.Limit(fingerprint, 200)}",
            Status = status,
            Severity = SourceConventions.Severity(settings, Read(mapping.Severity), fallback: fallbackSeverity),
            Service = service,
            Summary = SourceConventions.Limit(Read(mapping.Summary), 300) ?? $"{Name} alert {SourceConventions.Clip(fingerprint)}",
            Description = SourceConventions.Limit(Read(mapping.Description)),
            StartsAt = at,
            EndsAt = status == AlertStatus.Resolved ? at : null,
            Links = Json.WebLink(link) is { } url ? [new AlertLink("Source", url)] : [],
            GroupKey = $"service:{service}",
        };
        reason = "";
        return true;
    }
}
