using System.Diagnostics;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Part 6 (Redis only): a long-lived bot. 50,000 incidents opened and resolved over a simulated 90 days, 20 channels
/// subscribed, then an hour of reconcile passes compressed into a minute (Outbox:ReconcileInterval one second):
/// Redis memory and keys, the leader's CPU while idle, question and /status p99; then a restart with a shorter
/// Incidents:Retention shows what the hourly retention pass gives back.
/// </summary>
public static class SoakBench
{
    private const int Channels = 20;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static async Task RunAsync(Options options, Report report, IDictionary<string, string> settings, string redis)
    {
        var prefix = settings["Redis:KeyPrefix"];
        await using var connector = await ConnectorStandIn.StartAsync();
        // One client measures /status: the public pages' per-address limit (a defence, not what is measured) is lifted.
        var soak = new Dictionary<string, string>(settings) { ["Outbox:ReconcileInterval"] = "00:00:01", ["StatusPage:RequestsPerMinute"] = "1000000" };
        var baseline = RedisCli.UsedMemory(redis);

        await using (var bot = await ChildServer.StartBotAsync(soak))
        {
            using var http = bot.Client();
            await SeedAsync(http, options);
            for (var c = 0; c < Channels; c++)
                (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, Channel(c))))).EnsureSuccessStatusCode();
            // A few live incidents, briefed into every channel.
            for (var i = 0; i < 5; i++)
                (await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(Payloads.Webhook($"live-{i}", $"svc-{i}", [$"live-{i}"])))).EnsureSuccessStatusCode();
            await WaitAsync(() => connector.Posts.Count(p => p.Card is not null) >= 5 * Channels, TimeSpan.FromMinutes(2));

            ReportRedis(report, redis, prefix, baseline, "after 90 days");
            // Sixty reconcile passes a minute stand for an hour of the default once-a-minute cadence: an upper bound.
            // Two windows: the first may still hold the tail of the seeding (GC, cards being paced out), the second is idle.
            var settling = await IdleCpuAsync(bot.Pid, options.SoakIdle);
            report.Add(new("soak", "redis", "leader CPU, first idle window", settling, "% core"));
            var idle = await IdleCpuAsync(bot.Pid, options.SoakIdle);
            report.Add(new("soak", "redis", "leader CPU idle, 1 reconcile/s", idle, "% core", "< 2%", idle < 2));
            report.Add(new("soak", "redis", "load average (1 min) after idle", Machine.LoadAverage(), ""));

            const string conversation = "a:soak-personal";
            HttpRequestMessage Ask(string text) => new(HttpMethod.Post, "/api/messages") { Content = Payloads.Json(Payloads.Message(connector.Url, conversation, text)) };
            var random = new Random(7);
            var coldQuestions = await Load.WarmUpAsync(http, bot, options.Queries,
                i => Ask(i % 2 == 0 ? $"is svc-{random.Next(50)} ok?" : $"logs svc-{random.Next(50)}"), Load.ChatTurnGap);
            var probe = await TurnProbe.StartAsync(bot, http);
            var questions = await Load.RoundTripsAsync(http, options.Queries,
                i => Ask(i % 2 == 0 ? $"is svc-{random.Next(50)} ok?" : $"logs svc-{random.Next(50)}"), Load.ChatTurnGap);
            var (q50, _, q99) = Percentiles.Summary(questions);
            await probe.ReportAsync(report, "soak", "redis", "question", questions);
            report.Add(new("soak", "redis", "question p50 (is svc ok? / logs)", q50, "ms"));
            report.Add(new("soak", "redis", "question p99 (is svc ok? / logs)", q99, "ms", "≤ 20 ms", q99 <= 20));
            report.Add(new("soak", "redis", "question p99 cold (first turns)", Percentiles.Summary(coldQuestions).P99, "ms"));
            await Load.RoundTripsAsync(http, 20, _ => new HttpRequestMessage(HttpMethod.Get, "/status"));
            var status = await Load.RoundTripsAsync(http, options.Queries, _ => new HttpRequestMessage(HttpMethod.Get, "/status"));
            var (s50, _, s99) = Percentiles.Summary(status);
            report.Add(new("soak", "redis", "/status p50", s50, "ms"));
            report.Add(new("soak", "redis", "/status p99", s99, "ms", "≤ 20 ms", s99 <= 20));
        }

        // The next start runs the retention pass at once (the killed bot's hourly lease let go, as its expiry would): keep 30 of the 90 days.
        RedisCli.Delete(redis, prefix + "leader:" + "incident-retention");
        await using (var bot = await ChildServer.StartBotAsync(new Dictionary<string, string>(soak) { ["Incidents:Retention"] = "30.00:00:00" }))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            ReportRedis(report, redis, prefix, baseline, "with 30 days retention");
        }
    }

    private static string Channel(int c) => $"19:soak-{c}@thread.tacv2";

    /// <summary>Each incident opens (started some time in the last 90 days) and resolves half an hour later.</summary>
    private static async Task SeedAsync(HttpClient http, Options options)
    {
        var span = TimeSpan.FromDays(90);
        await Parallel.ForEachAsync(Enumerable.Range(0, options.SoakIncidents), new ParallelOptions { MaxDegreeOfParallelism = options.Workers },
            async (i, ct) =>
            {
                var started = Now - span + span * i / options.SoakIncidents;
                foreach (var status in new[] { "firing", "resolved" })
                {
                    var body = Payloads.Webhook($"{{}}:{{soak=\"{i}\"}}", $"svc-{i % 50}", [$"soak-{i}"], status, started, started.AddMinutes(30));
                    using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body), ct);
                    response.EnsureSuccessStatusCode();
                }
            });
    }

    private static async Task<double> IdleCpuAsync(int pid, TimeSpan window)
    {
        using var process = Process.GetProcessById(pid);
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
    }

    private static void ReportRedis(Report report, string redis, string prefix, long baseline, string when)
    {
        var used = RedisCli.UsedMemory(redis);
        report.Add(new("soak", "redis", $"Redis memory {when}", used < 0 ? double.NaN : (used - baseline) / 1024.0 / 1024.0, "MB"));
        report.Add(new("soak", "redis", $"Redis keys {when}", RedisCli.CountKeys(redis, prefix), "keys"));
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout) await Task.Delay(200);
    }
}

/// <summary>redis-cli, for figures the bot does not expose (memory, key count); -1 when it is not installed.</summary>
public static class RedisCli
{
    public static long UsedMemory(string redis) =>
        Run(redis, "info", "memory").Split('\n').FirstOrDefault(l => l.StartsWith("used_memory:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["used_memory:".Length..].Trim())
            : -1;

    public static long CountKeys(string redis, string prefix) =>
        Run(redis, "--scan", "--pattern", prefix + "*").Split('\n', StringSplitOptions.RemoveEmptyEntries).LongLength;

    public static void Delete(string redis, string key) => Run(redis, "del", key);

    private static string Run(string redis, params string[] args)
    {
        var (host, port) = (redis.Split(':')[0], redis.Split(':')[1]);
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", host, "-p", port }.Concat(args)) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
