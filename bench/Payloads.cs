using System.Text;
using System.Text.Json;

namespace SupportBot.Bench;

/// <summary>Alertmanager (version 4) webhooks and Bot Framework activities, as the bench sends them.</summary>
public static class Payloads
{
    private static readonly DateTimeOffset DefaultStart = new(2026, 11, 20, 9, 41, 12, TimeSpan.Zero);

    public static byte[] Webhook(string groupKey, string service, IEnumerable<string> fingerprints, string status = "firing",
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            version = "4",
            status,
            receiver = "supportbot",
            groupKey,
            alerts = fingerprints.Select(fp => new
            {
                status,
                fingerprint = fp,
                labels = new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["service"] = service, ["severity"] = "critical", ["pod"] = fp },
                annotations = new Dictionary<string, string> { ["summary"] = $"{service} 5xx rate above 5%", ["description"] = $"Pod {fp} is failing requests." },
                startsAt = (startsAt ?? DefaultStart).ToString("O"),
                endsAt = status == "resolved" && endsAt is { } end ? end.ToString("O") : "0001-01-01T00:00:00Z",
                generatorURL = "http://prometheus.bench.invalid/graph",
            }),
        });

    /// <summary>The bot added to a Teams channel; with a <paramref name="tenantId"/>, named as Teams names it.</summary>
    public static byte[] BotAdded(string serviceUrl, string conversationId, string? tenantId = null) => Activity(new
    {
        type = "conversationUpdate", id = Guid.NewGuid().ToString(), channelId = "msteams", serviceUrl,
        conversation = new { id = conversationId, conversationType = "channel", isGroup = true, tenantId },
        channelData = tenantId is null ? null : new { tenant = new { id = tenantId } },
        from = new { id = "29:admin" }, recipient = new { id = "28:supportbot" },
        membersAdded = new[] { new { id = "28:supportbot" } },
    });

    public static byte[] Message(string serviceUrl, string conversationId, string text) => Activity(new
    {
        type = "message", id = Guid.NewGuid().ToString(), channelId = "msteams", serviceUrl, text,
        conversation = new { id = conversationId, conversationType = "personal" },
        from = new { id = "29:rep" }, recipient = new { id = "28:supportbot" },
    });

    private static byte[] Activity(object activity) => JsonSerializer.SerializeToUtf8Bytes(activity);

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }
}
