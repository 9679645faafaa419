namespace SupportBot.Bench;

/// <summary>
/// Part 1: Alertmanager webhooks (10 alerts each, over 50 services; nine of ten webhooks are resends of a service's
/// unchanged group, one in ten brings a new alert) per second against the bot, and against a bare endpoint in the same
/// run. Measured twice: right after the warm-up ("cold": the runtime is still compiling the bot's code to its final
/// tier) and once the bot has run under load for <see cref="Options.IngestSettle"/> ("steady", what a bot that has been
/// up for a while does in a storm); the ratio target is judged on the steady window.
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

        var bodies = new IngestBodies();
        await Load.ClosedLoopAsync(http, options.Workers, options.Warmup, bodies.Request);
        await MeasureAsync("cold", port: null);
        await Load.ClosedLoopAsync(http, options.Workers, options.IngestSettle, bodies.Request);
        // With Redis, what the bot sends it per webhook (a change used to write its whole incident with every alert).
        var redisPort = settings.TryGetValue("ConnectionStrings:Redis", out var redis) ? int.Parse(redis.Split(':')[^1]) : (int?)null;
        var rate = await MeasureAsync(null, redisPort);
        if (bareRate > 0)
        {
            var ratio = rate / bareRate;
            // The issue's targets: a quarter of the bare endpoint with Redis (a network store), 0.4 of it in this process.
            var target = store == "redis" ? 0.25 : 0.4;
            report.Add(new("ingest", store, "ratio bot / bare", ratio, "x", $"≥ {target}", ratio >= target));
        }
        report.Add(new("ingest", store, "webhooks sent in all", bodies.Sent, "req"));

        async Task<double> MeasureAsync(string? window, int? port)
        {
            var suffix = window is null ? "" : $" ({window})";
            var cpuBefore = bot.ProcessorTime();
            (int Ok, int Failed, double Seconds) run = default;
            var stats = port is { } p
                ? await RedisStats.MeasureAsync(p, async () => run = await Load.ClosedLoopAsync(http, options.Workers, options.Measure, bodies.Request))
                : null;
            if (stats is null) run = await Load.ClosedLoopAsync(http, options.Workers, options.Measure, bodies.Request);
            var (ok, failed, seconds) = run;
            var cpu = bot.ProcessorTime() - cpuBefore;
            report.Add(new("ingest", store, "webhooks/s (bot)" + suffix, ok / seconds, "req/s"));
            report.Add(new("ingest", store, "bot CPU per webhook" + suffix, cpu.TotalMilliseconds * 1000 / Math.Max(1, ok + failed), "µs"));
            if (stats is not null)
            {
                report.Add(new("ingest", store, "bytes to Redis per webhook", stats.BytesIn / Math.Max(1, ok + failed), "B"));
                report.Add(new("ingest", store, "Redis commands per webhook", stats.Commands / Math.Max(1, ok + failed), "cmd"));
                Console.WriteLine($"  Redis commands per webhook by name: {stats.TopCommands(Math.Max(1, ok + failed))}");
            }
            if (failed > 0) report.Add(new("ingest", store, "failed webhooks" + suffix, failed, "req"));
            return ok / seconds;
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

    /// <summary>
    /// The bodies, numbered across the warm-up and both windows so every tenth one really brings an alert the bot has
    /// not seen (numbering each window from zero made a window resend the warm-up's "new" alerts). A service's resend
    /// is made once; a body with a new alert when it is sent (one JSON write per ten requests in the load generator).
    /// </summary>
    private sealed class IngestBodies
    {
        private const int Services = 50;
        private readonly byte[][] _resends = Enumerable.Range(0, Services).Select(s => Body(s, null)).ToArray();
        private int _next = -1;
        // BENCH_NEW_EVERY=n: one body in n brings a new alert (default 10); 0: resends only (what a resend alone costs).
        private readonly int _newEvery = int.TryParse(Environment.GetEnvironmentVariable("BENCH_NEW_EVERY"), out var n) ? n : 10;

        public int Sent => Volatile.Read(ref _next) + 1;

        public HttpRequestMessage Request(int _)
        {
            var i = Interlocked.Increment(ref _next);
            var body = _newEvery > 0 && i % _newEvery == 0 ? Body(i % Services, $"svc-{i % Services}-new-{i}") : _resends[i % Services];
            return new(HttpMethod.Post, "/api/webhooks/alertmanager") { Content = Payloads.Json(body) };
        }

        private static byte[] Body(int s, string? newFingerprint)
        {
            var service = $"svc-{s}";
            var fingerprints = Enumerable.Range(0, 10).Select(k => $"{service}-pod-{k}").ToList();
            if (newFingerprint is not null) fingerprints[9] = newFingerprint;
            return Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service, fingerprints);
        }
    }
}
