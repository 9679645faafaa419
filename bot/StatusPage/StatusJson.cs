using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.StatusPage;

/// <summary>
/// /status.json: the shape of Statuspage's public summary (page, status, components, incidents,
/// scheduled_maintenances), so existing Statuspage clients and widgets can read it. Additions:
/// components[].uptime (share of the last history_days) and recent_incidents (resolved in that window).
/// </summary>
public static class StatusJson
{
    public const string PageId = "supportbot";

    public static JsonObject Build(StatusSnapshot s) => new()
    {
        ["page"] = new JsonObject
        {
            ["id"] = PageId,
            ["name"] = s.Title,
            ["url"] = s.PageUrl,
            ["time_zone"] = "Etc/UTC",
            ["updated_at"] = Time(s.UpdatedAt),
        },
        ["status"] = new JsonObject
        {
            ["indicator"] = Labels.Code(s.Indicator),
            ["description"] = s.Description,
        },
        ["components"] = new JsonArray(s.Services.Select(c => (JsonNode)Component(c, s)).ToArray()),
        ["incidents"] = new JsonArray(s.Open.Select(i => (JsonNode)Incident(i, s)).ToArray()),
        ["scheduled_maintenances"] = new JsonArray(),
        ["history_days"] = s.HistoryDays,
        ["recent_incidents"] = new JsonArray(s.Recent.Select(i => (JsonNode)Incident(i, s)).ToArray()),
    };

    private static JsonObject Component(ServiceStatus c, StatusSnapshot s) => new()
    {
        ["id"] = c.Service.Id,
        ["name"] = c.Service.Name,
        ["status"] = Labels.Code(c.State),
        ["position"] = c.Service.Position,
        ["description"] = null,
        ["group"] = false,
        ["group_id"] = null,
        ["only_show_if_degraded"] = false,
        ["page_id"] = PageId,
        ["updated_at"] = Time(c.UpdatedAt ?? s.UpdatedAt),
        ["uptime"] = Math.Round(c.Uptime, 6),
    };

    private static JsonObject Incident(PublicIncident i, StatusSnapshot s) => new()
    {
        ["id"] = i.Id,
        ["name"] = i.Title,
        ["status"] = i.Status,
        ["impact"] = Labels.Code(i.Impact),
        ["created_at"] = Time(i.StartedAt),
        ["started_at"] = Time(i.StartedAt),
        ["updated_at"] = Time(i.UpdatedAt),
        ["monitoring_at"] = null,
        ["resolved_at"] = i.ResolvedAt is { } r ? Time(r) : null,
        ["shortlink"] = s.IncidentUrl(i),
        ["page_id"] = PageId,
        ["incident_updates"] = new JsonArray(i.Updates.Reverse().Select(u => (JsonNode)new JsonObject
        {
            ["id"] = u.Id,
            ["incident_id"] = i.Id,
            ["status"] = u.Status,
            ["body"] = u.Body,
            ["created_at"] = Time(u.At),
            ["updated_at"] = Time(u.At),
            ["display_at"] = Time(u.At),
        }).ToArray()),
        ["components"] = new JsonArray(new JsonObject
        {
            ["id"] = i.Service.Id,
            ["name"] = i.Service.Name,
            ["status"] = Labels.Code(s.Services.FirstOrDefault(c => c.Service.Id == i.Service.Id)?.State ?? ServiceState.Operational),
        }),
    };

    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
