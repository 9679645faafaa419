using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Part 2: at a steady 200 alerts/s over 50 services, the time from a webhook's 2xx to the arrival at the Bot
/// Connector stand-in of a card that shows that alert (the card's "N firing of M" reaches the alert's position).
/// </summary>
public static partial class LatencyBench
{
    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        // Each alert's own card is what is timed here, so no major-event roll-up (the storm part shows those).
        settings = new Dictionary<string, string>(settings) { ["Storm:Threshold"] = "100000" };
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();
        (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, "19:bench-latency@thread.tacv2")))).EnsureSuccessStatusCode();

        var rate = 200;
        var total = (int)(rate * options.Measure.TotalSeconds);
        var perService = new int[50];
        var sent = new ConcurrentBag<(string Service, int Position, long AcknowledgedAt)>();
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var s = i % 50;
            var position = ++perService[s];
            var service = $"lat-{s}";
            var body = Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service, [$"{service}-alert-{position}"]);
            inFlight.Add(Task.Run(async () =>
            {
                using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body));
                if (response.IsSuccessStatusCode) sent.Add((service, position, Stopwatch.GetTimestamp()));
            }));
        }
        await Task.WhenAll(inFlight);
        await Task.Delay(TimeSpan.FromSeconds(5)); // let the last cards arrive

        // Index the cards by service: arrival time and how many alerts each showed.
        var cards = connector.Calls
            .Select(c => (Call: c, Match: CardFacts().Match(c.Visible)))
            .Where(x => x.Match.Success)
            .Select(x => (Service: x.Match.Groups["service"].Value, Total: int.Parse(x.Match.Groups["total"].Value), x.Call.ReceivedAt))
            .GroupBy(x => x.Service)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.ReceivedAt).ToList());

        var latencies = new List<double>();
        var missing = 0;
        foreach (var (service, position, ackedAt) in sent)
        {
            var shown = cards.GetValueOrDefault(service)?.FirstOrDefault(c => c.Total >= position);
            if (shown is null || shown.Value.ReceivedAt == 0) { missing++; continue; }
            latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(ackedAt, shown.Value.ReceivedAt).TotalMilliseconds));
        }
        var (p50, p95, p99) = Percentiles.Summary(latencies);
        report.Add(new("latency", store, "webhook 2xx → card p50", p50, "ms"));
        report.Add(new("latency", store, "webhook 2xx → card p95", p95, "ms"));
        report.Add(new("latency", store, "webhook 2xx → card p99", p99, "ms", "≤ 100 ms", p99 <= 100));
        report.Add(new("latency", store, "alerts never shown on a card", missing, "alerts"));
    }

    // "Service lat-3 … 12 firing of 12" in the card's visible text.
    [GeneratedRegex(@"\n(?<service>lat-\d+)\n[\s\S]*?\d+ firing of (?<total>\d+)")]
    private static partial Regex CardFacts();
}
