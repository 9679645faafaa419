using System.Globalization;
using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.AzureMonitor;

/// <summary>Azure Monitor action groups with the common alert schema (schemaId azureMonitorCommonAlertSchema).</summary>
public sealed class AzureMonitorSource : IAlertSource
{
    public const string SchemaId = "azureMonitorCommonAlertSchema";
    private static readonly string[] ServiceProperties = ["service", "app", "application"];

    public string Name => "azure-monitor";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidPayloadException("The payload must be a JSON object (Azure Monitor common alert schema).");
        var schema = Json.String(payload, "schemaId");
        if (schema != SchemaId)
            throw new InvalidPayloadException(schema is null
                ? $"'schemaId' is missing; enable the common alert schema on the action group ('{SchemaId}')."
                : $"'schemaId' is '{SourceConventions.Clip(schema)}'; only the common alert schema ('{SchemaId}') is understood.");
        if (Json.Object(payload, "data") is not { } data || Json.Object(data, "essentials") is not { } essentials)
            throw new InvalidPayloadException("'data.essentials' is missing.");

        var alertId = Json.String(essentials, "alertId");
        if (string.IsNullOrWhiteSpace(alertId)) return SourceParseResult.Rejection("'data.essentials.alertId' is missing");

        var condition = Json.String(essentials, "monitorCondition");
        AlertStatus status;
        switch (condition)
        {
            case "Fired": status = AlertStatus.Firing; break;
            case "Resolved": status = AlertStatus.Resolved; break;
            case null: return SourceParseResult.Rejection("'data.essentials.monitorCondition' is missing");
            default: return SourceParseResult.Rejection($"'data.essentials.monitorCondition' must be 'Fired' or 'Resolved', not '{SourceConventions.Clip(condition)}'");
        }

        var rule = Json.String(essentials, "alertRule");
        var target = FirstString(essentials, "alertTargetIDs");
        var properties = Json.StringMap(Json.Object(data, "customProperties"));
        var service = SourceConventions.Service(settings, properties, ServiceProperties)
                      ?? FirstString(essentials, "configurationItems")
                      ?? ResourceName(target)
                      ?? rule ?? "azure";

        var labels = new Dictionary<string, string>(properties, StringComparer.Ordinal);
        foreach (var field in new[] { "alertRule", "severity", "signalType", "monitoringService" })
            if (Json.String(essentials, field) is { } value) labels.TryAdd(field, value);

        var links = new List<AlertLink>();
        if (target is not null && target.StartsWith('/') && Json.WebLink($"https://portal.azure.com/#resource{target}") is { } portal)
            links.Add(new("Azure resource", portal));

        var firedAt = Json.Time(Json.String(essentials, "firedDateTime")) ?? receivedAt;
        return SourceParseResult.Single(new Alert
        {
            Source = Name,
            Fingerprint = $"azure:{alertId}",
            Status = status,
            Severity = SourceConventions.Severity(settings, Json.String(essentials, "severity"), AzureSeverity),
            Service = service,
            Summary = SourceConventions.Limit(Json.String(essentials, "description") is { Length: > 0 } d ? d : rule ?? "Azure Monitor alert", 300)!,
            Description = Condition(Json.Object(data, "alertContext")),
            Labels = labels,
            StartsAt = firedAt,
            EndsAt = status == AlertStatus.Resolved ? Json.Time(Json.String(essentials, "resolvedDateTime")) : null,
            Links = links,
            GroupKey = $"service:{service}",
        });
    }

    /// <summary>Azure's own scale: Sev0 Critical, Sev1 Error, Sev2 Warning, Sev3 Informational, Sev4 Verbose.</summary>
    private static Severity? AzureSeverity(string raw) => raw.ToLowerInvariant() switch
    {
        "sev0" => Severity.Critical,
        "sev1" => Severity.Major,
        "sev2" => Severity.Minor,
        "sev3" or "sev4" => Severity.Info,
        _ => null,
    };

    private static string? FirstString(JsonElement obj, string name) =>
        Json.Array(obj, name) is { } array && array.GetArrayLength() > 0 && array[0].ValueKind == JsonValueKind.String
            ? array[0].GetString() is { Length: > 0 } s ? s : null
            : null;

    /// <summary>The last segment of an Azure resource id: ".../databases/orders-db" → "orders-db".</summary>
    private static string? ResourceName(string? resourceId) =>
        resourceId?.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0);

    /// <summary>"cpu_percent GreaterThan 90 (Average over PT10M), value 97.3" for metric alerts; null for other signal types.</summary>
    private static string? Condition(JsonElement? context)
    {
        if (context is not { } c || Json.Object(c, "condition") is not { } condition || Json.Array(condition, "allOf") is not { } allOf) return null;
        var window = Json.String(condition, "windowSize");
        var lines = allOf.EnumerateArray().Take(5).Select(criterion =>
        {
            var metric = Json.Scalar(criterion, "metricName");
            if (metric is null) return null;
            var aggregation = Json.Scalar(criterion, "timeAggregation");
            var value = Json.Scalar(criterion, "metricValue");
            return $"{metric} {Json.Scalar(criterion, "operator")} {Json.Scalar(criterion, "threshold")}"
                   + (aggregation is null ? "" : $" ({aggregation}{(window is null ? "" : $" over {window}")})")
                   + (value is null ? "" : $", value {FormatNumber(value)}");
        }).OfType<string>().ToList();
        return lines.Count == 0 ? null : SourceConventions.Limit(string.Join("\n", lines));
    }

    private static string FormatNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d.ToString("G6", CultureInfo.InvariantCulture)
            : SourceConventions.Clip(value);
}
