using System.Globalization;
using System.Text.Json;
using SupportBot.Alerts;
using SupportBot.Sources.Alertmanager;

namespace SupportBot.Sources.Grafana;

/// <summary>
/// Grafana unified alerting's webhook contact point: the Alertmanager body plus, per alert, the dashboard, panel
/// and silence URLs and the query values that made it fire.
/// </summary>
public sealed class GrafanaSource : IAlertSource
{
    private static readonly (string Field, string Title)[] LinkFields =
        [("dashboardURL", "Dashboard"), ("panelURL", "Panel"), ("silenceURL", "Silence")];

    public string Name => "grafana";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt) =>
        AlertmanagerFormat.Parse(payload, settings, receivedAt, Name, "Grafana webhook contact point", Enrich);

    private static Alert Enrich(JsonElement item, Alert alert)
    {
        var links = alert.Links.ToList();
        foreach (var (field, title) in LinkFields)
            if (Json.WebLink(Json.String(item, field)) is { } url && links.All(l => l.Url != url)) links.Add(new(title, url));

        var values = Values(item);
        var description = values is null ? alert.Description
            : string.IsNullOrWhiteSpace(alert.Description) ? $"Values: {values}" : $"{alert.Description}\nValues: {values}";
        return alert with { Links = links, Description = SourceConventions.Limit(description) };
    }

    /// <summary>"B=3.412, C=1" from Grafana's 'values' object of query results.</summary>
    private static string? Values(JsonElement item)
    {
        if (Json.Object(item, "values") is not { } values) return null;
        var parts = values.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out _))
            .Take(10)
            .Select(p => $"{SourceConventions.Clip(p.Name)}={p.Value.GetDouble().ToString("G6", CultureInfo.InvariantCulture)}")
            .ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
