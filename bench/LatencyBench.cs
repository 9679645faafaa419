using System.Diagnostics;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Part 2, the idle channel: one webhook at a time, each opening a new incident, into a channel that has nothing
/// else to send; the time from the webhook's 2xx to its card's arrival at the Bot Connector stand-in. Samples are
/// spaced so that the channel stays under Teams' 60 messages per 30 s: what is timed is the bot, not the pacing.
/// </summary>
public static class LatencyBench
{
    private const string Channel = "19:bench-idle@thread.tacv2";

    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        // Every sample opens a new incident in the same channel: no major-event roll-up here (the storm part has those).
        settings = new Dictionary<string, string>(settings) { ["Storm:Threshold"] = "100000" };
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();
        (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, Channel)))).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(2));   // the greeting, out of the way of the samples

        // A first incident warms up the path (JIT, connections), not counted.
        await SampleAsync(http, connector, "idle-warmup");
        var latencies = new List<double>();
        for (var i = 0; i < options.IdleSamples; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            latencies.Add(await SampleAsync(http, connector, $"idle-{i}"));
        }
        var (p50, _, p99) = Percentiles.Summary(latencies);
        report.Add(new("idle", store, "webhook 2xx → first card p50", p50, "ms"));
        report.Add(new("idle", store, "webhook 2xx → first card p99", p99, "ms", "≤ 100 ms", p99 <= 100));
    }

    /// <summary>Opens an incident on <paramref name="service"/>; milliseconds from the webhook's 2xx to its card at the connector (0 if the card came first).</summary>
    private static async Task<double> SampleAsync(HttpClient http, ConnectorStandIn connector, string service)
    {
        var body = Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service, [$"{service}-alert"]);
        using (var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body))) response.EnsureSuccessStatusCode();
        var acknowledged = Stopwatch.GetTimestamp();
        var line = $"\n{service}\n";
        var card = await connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Card is not null && c.Visible.Contains(line),
            TimeSpan.FromSeconds(30), $"the card of {service}");
        return Math.Max(0, Stopwatch.GetElapsedTime(acknowledged, card.ReceivedAt).TotalMilliseconds);
    }
}
