using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Logs;

public static class GrafanaExplore
{
    // Quotes as quotes, not \u0022: the link is URL-encoded anyway and stays readable when decoded.
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Grafana Explore with the query and range filled in: <c>/explore?schemaVersion=1&amp;panes={…}</c>, the pane
    /// state as URL-encoded JSON (the form Grafana 10+ writes into its own address bar). Null without a Grafana URL.
    /// </summary>
    public static string? Link(LogsOptions options, string logQl, DateTimeOffset from, DateTimeOffset to)
    {
        if (string.IsNullOrWhiteSpace(options.GrafanaUrl)) return null;
        var uid = options.GrafanaLokiDatasourceUid;
        var panes = new JsonObject
        {
            ["sb"] = new JsonObject
            {
                ["datasource"] = uid,
                ["queries"] = new JsonArray(new JsonObject
                {
                    ["refId"] = "A",
                    ["datasource"] = new JsonObject { ["type"] = "loki", ["uid"] = uid },
                    ["expr"] = logQl,
                    ["queryType"] = "range",
                }),
                ["range"] = new JsonObject
                {
                    ["from"] = from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    ["to"] = to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                },
            },
        };
        return $"{options.GrafanaUrl.TrimEnd('/')}/explore?schemaVersion=1&orgId=1&panes={Uri.EscapeDataString(panes.ToJsonString(Plain))}";
    }
}
