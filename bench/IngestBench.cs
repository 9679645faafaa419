namespace SupportBot.Bench;

/// <summary>
/// Part 1: Alertmanager webhooks (10 alerts each, over 50 services; nine of ten alerts are resends, one in ten
/// webhooks brings a new alert) per second against the bot, and against a bare endpoint in the same run.
/// </summary>
public static class IngestBench
{
    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings, double bareRate)
    {
        await using var connector = await SupportBot.Tests.Infrastructure.ConnectorStandIn.StartAsync();
        await using var bot = await ChildServer.StartBotAsync(settings);
        Console.WriteLine($"  bot pid {bot.Pid} ({store}), for a profiler");
        using var http = bot.Client();
        if (Environment.GetEnvironmentVariable("BENCH_NO_CHANNEL") is null) (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, "19:bench-ingest@thread.tacv2")))).EnsureSuccessStatusCode();

        // Bodies are made before the clock starts, so the load generator measures the bot, not its own JSON writing
        // (the bare endpoint gets a ready body too). Past the pool, bodies repeat: the "new" alerts become resends.
        var bodies = Enumerable.Range(0, options.IngestBodies).Select(i =>
        {
            var service = $"svc-{i % 50}";
            var fingerprints = Enumerable.Range(0, 10).Select(k => $"{service}-pod-{k}").ToList();
            if (i % 10 == 0) fingerprints[9] = $"{service}-new-{i}";
            return Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service, fingerprints);
        }).ToArray();
        HttpRequestMessage Request(int i) => new(HttpMethod.Post, "/api/webhooks/alertmanager")
        {
            Content = Payloads.Json(bodies[i % bodies.Length]),
        };

        await Load.ClosedLoopAsync(http, options.Workers, options.Warmup, Request);
        var cpuBefore = bot.ProcessorTime();
        (int Ok, int Failed, double Seconds) run = default;
        // With Redis, what the bot sends it per webhook (a change used to write its whole incident with every alert).
        var redisPort = settings.TryGetValue("ConnectionStrings:Redis", out var redis) ? int.Parse(redis.Split(':')[^1]) : (int?)null;
        var stats = redisPort is { } port
            ? await RedisStats.MeasureAsync(port, async () => run = await Load.ClosedLoopAsync(http, options.Workers, options.Measure, Request))
            : null;
        if (stats is null) run = await Load.ClosedLoopAsync(http, options.Workers, options.Measure, Request);
        var (ok, failed, seconds) = run;
        var cpu = bot.ProcessorTime() - cpuBefore;
        var rate = ok / seconds;
        report.Add(new("ingest", store, "webhooks/s (bot)", rate, "req/s"));
        report.Add(new("ingest", store, "bot CPU per webhook", cpu.TotalMilliseconds * 1000 / Math.Max(1, ok + failed), "µs"));
        if (stats is not null)
        {
            report.Add(new("ingest", store, "bytes to Redis per webhook", stats.BytesIn / Math.Max(1, ok + failed), "B"));
            report.Add(new("ingest", store, "Redis commands per webhook", stats.Commands / Math.Max(1, ok + failed), "cmd"));
        }
        if (failed > 0) report.Add(new("ingest", store, "failed webhooks", failed, "req"));
        if (bareRate > 0)
        {
            var ratio = rate / bareRate;
            // The issue's targets: a quarter of the bare endpoint with Redis (a network store), 0.4 of it in this process.
            var target = store == "redis" ? 0.25 : 0.4;
            report.Add(new("ingest", store, "ratio bot / bare", ratio, "x", $"≥ {target}", ratio >= target));
        }
    }

    public static async Task<double> BareAsync(Options options, Report report)
    {
        await using var bare = await ChildServer.StartBareAsync();
        using var http = new HttpClient { BaseAddress = new Uri(bare.Url) };
        var body = Payloads.Webhook("{}:{service=\"svc\"}", "svc", Enumerable.Range(0, 10).Select(k => $"pod-{k}"));
        HttpRequestMessage Request(int _) => new(HttpMethod.Post, "/bare") { Content = Payloads.Json(body) };
        await Load.ClosedLoopAsync(http, options.Workers, options.Warmup, Request);
        var cpuBefore = bare.ProcessorTime();
        var (ok, _, seconds) = await Load.ClosedLoopAsync(http, options.Workers, options.Measure, Request);
        var cpu = bare.ProcessorTime() - cpuBefore;
        report.Add(new("ingest", "-", "webhooks/s (bare endpoint)", ok / seconds, "req/s"));
        report.Add(new("ingest", "-", "bare endpoint CPU per request", cpu.TotalMilliseconds * 1000 / Math.Max(1, ok), "µs"));
        return ok / seconds;
    }
}
