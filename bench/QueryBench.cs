using System.Net.Http.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>Parts 4 and 5: `status` and `incident N` through /api/messages, and the bot's memory, with 10,000 open incidents.</summary>
public static class QueryBench
{
    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();

        // Seed: one incident per webhook (its own group), no channel subscribed so nothing is posted.
        await Parallel.ForEachAsync(Enumerable.Range(0, options.OpenIncidents), new ParallelOptions { MaxDegreeOfParallelism = options.Workers },
            async (i, ct) =>
            {
                var body = Payloads.Webhook($"{{}}:{{seed=\"{i}\"}}", $"svc-{i % 50}", [$"seed-{i}"]);
                using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body), ct);
                response.EnsureSuccessStatusCode();
            });
        var open = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/incidents?open=true&limit=1")).GetProperty("total").GetInt32();
        report.Add(new("query", store, "open incidents", open, ""));

        const string conversation = "a:bench-personal";
        HttpRequestMessage Ask(string text) => new(HttpMethod.Post, "/api/messages") { Content = Payloads.Json(Payloads.Message(connector.Url, conversation, text)) };
        var random = new Random(42);
        var statusCold = await Load.WarmUpAsync(http, bot, options.Queries, _ => Ask("status"), Load.ChatTurnGap);
        var probe = await TurnProbe.StartAsync(bot, http);
        var status = await Load.RoundTripsAsync(http, options.Queries, _ => Ask("status"), Load.ChatTurnGap);
        await probe.ReportAsync(report, "query", store, "status", status);
        var incidentCold = await Load.WarmUpAsync(http, bot, options.Queries, _ => Ask($"incident {random.Next(1, open + 1)}"), Load.ChatTurnGap);
        probe = await TurnProbe.StartAsync(bot, http);
        var incident = await Load.RoundTripsAsync(http, options.Queries, _ => Ask($"incident {random.Next(1, open + 1)}"), Load.ChatTurnGap);
        await probe.ReportAsync(report, "query", store, "incident N", incident);

        var (s50, _, s99) = Percentiles.Summary(status);
        var (i50, _, i99) = Percentiles.Summary(incident);
        report.Add(new("query", store, "status p50", s50, "ms"));
        report.Add(new("query", store, "status p99", s99, "ms", "≤ 20 ms", s99 <= 20));
        report.Add(new("query", store, "incident N p50", i50, "ms"));
        report.Add(new("query", store, "incident N p99", i99, "ms", "≤ 20 ms", i99 <= 20));
        report.Add(new("query", store, "status p99 cold (first turns after seeding)", Percentiles.Summary(statusCold).P99, "ms"));
        report.Add(new("query", store, "incident N p99 cold (first turns)", Percentiles.Summary(incidentCold).P99, "ms"));

        var runtime = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/runtime");
        var rssMb = bot.ResidentBytes() / 1024.0 / 1024.0;
        report.Add(new("memory", store, "RSS with open incidents", rssMb, "MB", "≤ 250 MB", rssMb <= 250));
        report.Add(new("memory", store, "managed heap", runtime.GetProperty("managedHeapBytes").GetInt64() / 1024.0 / 1024.0, "MB"));
    }
}
