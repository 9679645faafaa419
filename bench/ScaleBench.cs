using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Part "scale" (Redis only), the figures behind docs/scaling.md:
/// 1. what Redis does per webhook and per card (INFO stats and commandstats around a measured batch, idle polling
///    subtracted), on one bot;
/// 2. a simulation of a large organisation's peak hour (2,000 services, 300 support channels, 20,000 alerts/hour),
///    a slice of it replayed at speed against three bot processes on one Redis, with the stand-in enforcing Teams'
///    per-conversation limits and the per-app, per-tenant limit of 50 requests/s.
/// </summary>
public static class ScaleBench
{
    private const int TenantLimitPerSecond = 50;
    private const string Tenant = "72f988bf-0000-4000-8000-00000000cafe";

    public static async Task RunAsync(Options options, Report report, string redis, Func<string, Dictionary<string, string>> fresh)
    {
        var port = int.Parse(redis.Split(':')[1]);
        // The cost of a card: each of the batch's incidents gets a card of its own in every channel (no roll-up).
        await RedisCostAsync(report, port, new Dictionary<string, string>(fresh("cost")) { ["Storm:Threshold"] = "1000" });
        await SimulateAsync(options, report, port, fresh("simulation"));
    }

    private static async Task RedisCostAsync(Report report, int port, Dictionary<string, string> settings)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();
        await Task.Delay(2000); // start-up work (leases, first sweeps) out of the way

        var idle = await RedisStats.MeasureAsync(port, () => Task.Delay(5000));
        var idlePerSecond = idle.PerSecond();
        report.Add(new("scale", "redis", "idle commands/s (one instance)", idlePerSecond.Commands, "cmd/s"));

        // Webhooks with no channel subscribed: 100 open an incident, 100 add an alert to it, 100 resolve it.
        const int groups = 100;
        var webhooks = await RedisStats.MeasureAsync(port, async () =>
        {
            foreach (var stage in new[] { "open", "add", "resolve" })
                await Parallel.ForEachAsync(Enumerable.Range(0, groups), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (g, ct) =>
                {
                    var fingerprints = stage == "open" ? new[] { $"cost-{g}-a" } : new[] { $"cost-{g}-a", $"cost-{g}-b" };
                    var body = Payloads.Webhook($"{{}}:{{cost=\"{g}\"}}", $"svc-{g}", fingerprints, stage == "resolve" ? "resolved" : "firing",
                        endsAt: DateTimeOffset.UtcNow);
                    using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body), ct);
                    response.EnsureSuccessStatusCode();
                });
        });
        var perWebhook = webhooks.Minus(idlePerSecond).Per(groups * 3);
        report.Add(new("scale", "redis", "commands per webhook", perWebhook.Commands, "cmd"));
        report.Add(new("scale", "redis", "bytes to Redis per webhook", perWebhook.BytesIn, "B"));
        report.Add(new("scale", "redis", "bytes from Redis per webhook", perWebhook.BytesOut, "B"));
        Console.WriteLine("  per webhook: " + webhooks.TopCommands(groups * 3));

        // Cards: 10 channels, 20 new incidents: 200 cards posted (no limit enforced: one card, one send).
        const int channels = 10, incidents = 20;
        for (var c = 0; c < channels; c++)
            (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, $"19:cost-{c}@thread.tacv2")))).EnsureSuccessStatusCode();
        await WaitAsync(() => connector.Calls.Count >= channels, TimeSpan.FromSeconds(60));
        var before = connector.Posts.Count;
        var cards = await RedisStats.MeasureAsync(port, async () =>
        {
            for (var i = 0; i < incidents; i++)
            {
                var body = Payloads.Webhook($"{{}}:{{card=\"{i}\"}}", $"card-svc-{i}", [$"card-{i}"]);
                (await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body))).EnsureSuccessStatusCode();
            }
            await WaitAsync(() => connector.Posts.Count - before >= channels * incidents, TimeSpan.FromSeconds(120));
        });
        var sent = connector.Posts.Count - before;
        var perCard = cards.Minus(idlePerSecond).Minus(perWebhook, incidents).Per(sent);
        report.Add(new("scale", "redis", "commands per card sent", perCard.Commands, "cmd"));
        report.Add(new("scale", "redis", "bytes to Redis per card", perCard.BytesIn, "B"));
        report.Add(new("scale", "redis", "bytes from Redis per card", perCard.BytesOut, "B"));
        Console.WriteLine("  per card (webhooks included): " + cards.TopCommands(sent));
    }

    private static async Task SimulateAsync(Options options, Report report, int port, Dictionary<string, string> settings)
    {
        var model = new PeakHour(options.ScaleServices, options.ScaleAlertsPerHour, options.ScaleAffectedPerHour);
        var events = model.Slice(options.ScaleSliceStart, options.ScaleSlice);
        var channels = Enumerable.Range(0, options.ScaleChannels).Select(i => $"19:support-{i:D3}@thread.tacv2").ToList();
        Console.WriteLine($"  simulation: {options.ScaleChannels} channels, {model.Services} services, {model.AlertsPerHour:N0} alerts/hour " +
                          $"({model.AffectedPerHour} services affected); replaying minutes {options.ScaleSliceStart.TotalMinutes:0}–" +
                          $"{(options.ScaleSliceStart + options.ScaleSlice).TotalMinutes:0} ({events.Count} webhooks, " +
                          $"{events.Sum(e => e.Fingerprints.Count):N0} alerts) at {options.ScaleSpeed}× speed on 3 instances");

        var perConversation = new TeamsRateLimit();
        var tenant = new TeamsTenantRateLimit(TenantLimitPerSecond);
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.Fault = call => tenant.Check(call) ?? perConversation.Check(call);
        var bots = new List<ChildServer>();
        try
        {
            // One after the other: three starting at once on a busy 2-core machine miss the start-up timeout.
            for (var i = 0; i < 3; i++) bots.Add(await ChildServer.StartBotAsync(settings));
            var clients = bots.Select(b => b.Client()).ToArray();
            for (var i = 0; i < channels.Count; i++)
                (await clients[i % 3].PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, channels[i], Tenant)))).EnsureSuccessStatusCode();
            await WaitAsync(() => connector.Calls.Count >= channels.Count, TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(30)); // the greetings count against the per-conversation limit: let the window pass
            var greetings = connector.Calls.Count;

            var accepted = 0;
            var refused = 0;
            var clock = Stopwatch.StartNew();
            var stats = await RedisStats.MeasureAsync(port, async () =>
            {
                var sends = new List<Task>();
                foreach (var (e, n) in events.Select((e, n) => (e, n)))
                {
                    var due = (e.At - options.ScaleSliceStart) / options.ScaleSpeed;
                    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                    var client = clients[n % 3];
                    sends.Add(Task.Run(async () =>
                    {
                        for (var attempt = 0; attempt < 10; attempt++)
                        {
                            using var response = await client.PostAsync("/api/webhooks/alertmanager", Payloads.Json(e.Body()));
                            if (response.IsSuccessStatusCode) { Interlocked.Increment(ref accepted); return; }
                            Interlocked.Increment(ref refused);
                            await Task.Delay(500);
                        }
                    }));
                }
                await Task.WhenAll(sends);
            });
            var replaySeconds = clock.Elapsed.TotalSeconds;

            var expected = await OpenAndResolvedAsync(clients[0]);
            double settled = double.NaN;
            var deadline = clock.Elapsed + options.ScaleSettle;
            while (clock.Elapsed < deadline)
            {
                if (NotFinal(connector, channels, expected) == 0) { settled = clock.Elapsed.TotalSeconds; break; }
                await Task.Delay(1000);
            }
            var notFinal = NotFinal(connector, channels, expected);
            var messages = connector.Calls.Count - greetings;
            var posts = connector.Posts.Count(c => c.Card is not null);
            var postedTwice = connector.Posts.Where(c => c.Card is not null && !IsRollUp(c)).GroupBy(c => (c.ConversationId, Incident(c))).Count(g => g.Count() > 1);
            var peak = connector.Calls.Skip(greetings).GroupBy(c => c.ReceivedAt / Stopwatch.Frequency).Max(g => (int?)g.Count()) ?? 0;
            var sliceHours = options.ScaleSlice.TotalHours;

            report.Add(new("scale", "3 bots", "webhooks replayed", events.Count, "req"));
            report.Add(new("scale", "3 bots", "webhooks/s offered (at speed)", events.Count / replaySeconds, "req/s"));
            report.Add(new("scale", "3 bots", "webhooks refused, then resent", refused, "req"));
            report.Add(new("scale", "3 bots", "webhooks accepted", accepted, "req", events.Count.ToString(), accepted == events.Count));
            report.Add(new("scale", "3 bots", "incidents", expected.Count, ""));
            report.Add(new("scale", "3 bots", "Teams messages (posts + updates)", messages, "msgs"));
            report.Add(new("scale", "3 bots", "cards posted", posts, "msgs"));
            report.Add(new("scale", "3 bots", "cards posted twice", postedTwice, "cards", "0", postedTwice == 0));
            report.Add(new("scale", "3 bots", "429s (conversation)", perConversation.Rejected, "resp"));
            report.Add(new("scale", "3 bots", "429s (tenant, 50/s)", tenant.Rejected, "resp"));
            report.Add(new("scale", "3 bots", "peak Teams messages in 1 s", peak, "msgs", $"≤ {TenantLimitPerSecond}", peak <= TenantLimitPerSecond));
            report.Add(new("scale", "3 bots", "s from replay start until all final", settled, "s"));
            report.Add(new("scale", "3 bots", "cards not final", notFinal, "cards", "0", notFinal == 0));
            report.Add(new("scale", "3 bots", "Redis commands/s during the run", stats.Commands / stats.Seconds, "cmd/s"));
            report.Add(new("scale", "3 bots", "Teams messages per peak hour (scaled)", messages / sliceHours, "msgs/h", $"≤ {TenantLimitPerSecond * 3600:N0}",
                messages / sliceHours <= TenantLimitPerSecond * 3600));
        }
        finally
        {
            foreach (var bot in bots) await bot.DisposeAsync();
        }
    }

    /// <summary>Each incident's id and whether it ended resolved, from the API.</summary>
    private static async Task<Dictionary<string, bool>> OpenAndResolvedAsync(HttpClient http)
    {
        var incidents = new Dictionary<string, bool>();
        for (string? page = "/api/incidents?limit=200"; page is not null;)
        {
            var json = await http.GetFromJsonAsync<JsonElement>(page);
            foreach (var i in json.GetProperty("incidents").EnumerateArray())
                incidents[i.GetProperty("id").GetString()!] = i.GetProperty("status").GetString() == "resolved";
            page = json.GetProperty("next").ValueKind == JsonValueKind.String ? json.GetProperty("next").GetString() : null;
        }
        return incidents;
    }

    /// <summary>
    /// (channel, incident) pairs not at their final state (resolved or not). An incident with its own card in the
    /// channel: the card's latest version. The others: the channel's major-event roll-up, whose latest version must
    /// count as many of them open as are open (it lists only a dozen by name, so its counts are what is checked). A
    /// resolved incident that never reached a channel is final there: the channel would only have seen it end.
    /// </summary>
    private static int NotFinal(ConnectorStandIn connector, List<string> channels, Dictionary<string, bool> expected)
    {
        var cards = connector.Calls.Where(c => c.Card is not null).ToList();
        var own = cards.Where(c => !IsRollUp(c) && Incident(c) is not null)
            .GroupBy(c => (c.ConversationId, Incident(c)!))
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.ReceivedAt)!.Visible.Contains("Resolved after", StringComparison.Ordinal));
        var rollUps = cards.Where(IsRollUp).GroupBy(c => c.ConversationId)
            .ToDictionary(g => g.Key, g => RollUpCounts(g.MaxBy(c => c.ReceivedAt)!.Visible));
        return channels.Sum(channel =>
        {
            var wrong = expected.Count(e => own.TryGetValue((channel, e.Key), out var resolved) && resolved != e.Value);
            var rest = expected.Where(e => !own.ContainsKey((channel, e.Key))).ToList();
            var restOpen = rest.Count(e => !e.Value);
            if (!rollUps.TryGetValue(channel, out var rollUp)) return wrong + restOpen;
            return wrong + (rollUp.Open == restOpen && rollUp.Total <= rest.Count ? 0 : Math.Max(restOpen, 1));
        });
    }

    private static bool IsRollUp(ConnectorCall call) => RollUpText.IsRollUp(call.Visible);

    private static (int Total, int Open) RollUpCounts(string visible) => (RollUpText.Incidents(visible), RollUpText.Open(visible));

    private static string? Incident(ConnectorCall call) => RollUpText.IncidentId(call.Visible);

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline) await Task.Delay(200);
    }
}

/// <summary>
/// A large organisation's peak hour: <see cref="AffectedPerHour"/> of <see cref="Services"/> services have an outage,
/// their alert counts falling off as 1/rank (the worst service has thousands of alerts, most a few dozen), summing to
/// <see cref="AlertsPerHour"/>. Alertmanager groups by service: each outage is one group whose new alerts arrive in
/// webhooks of up to 10 over 10 minutes from a random start, then one webhook resolving them all.
/// </summary>
public sealed class PeakHour
{
    private const int AlertsPerWebhook = 10;
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(10);
    private readonly List<Webhook> _events = [];

    public sealed record Webhook(TimeSpan At, string Service, IReadOnlyList<string> Fingerprints, bool Resolved)
    {
        public byte[] Body() => Payloads.Webhook($"{{}}:{{service=\"{Service}\"}}", Service, Fingerprints, Resolved ? "resolved" : "firing",
            endsAt: Resolved ? DateTimeOffset.UtcNow : null);
    }

    public int Services { get; }
    public int AlertsPerHour { get; }
    public int AffectedPerHour { get; }

    public PeakHour(int services, int alertsPerHour, int affectedPerHour)
    {
        (Services, AlertsPerHour, AffectedPerHour) = (services, alertsPerHour, affectedPerHour);
        var random = new Random(19);
        var harmonic = Enumerable.Range(1, affectedPerHour).Sum(r => 1.0 / r);
        var affected = Enumerable.Range(0, services).OrderBy(_ => random.Next()).Take(affectedPerHour).ToList();
        for (var rank = 1; rank <= affectedPerHour; rank++)
        {
            var service = $"svc-{affected[rank - 1]:D4}";
            var alerts = Math.Max(1, (int)Math.Round(alertsPerHour / harmonic / rank));
            var start = TimeSpan.FromMinutes(random.NextDouble() * 60) - Outage / 2; // outages in progress at the hour's start too
            var batches = (alerts + AlertsPerWebhook - 1) / AlertsPerWebhook;
            var fingerprints = Enumerable.Range(0, alerts).Select(a => $"{service}-{a}").ToList();
            for (var b = 0; b < batches; b++)
                _events.Add(new(start + Outage * b / batches, service, fingerprints.Skip(b * AlertsPerWebhook).Take(AlertsPerWebhook).ToList(), false));
            _events.Add(new(start + Outage, service, fingerprints, true));
        }
        _events.Sort((a, b) => a.At.CompareTo(b.At));
    }

    /// <summary>The webhooks sent within [from, from + length); outages begun earlier come in with their next webhook.</summary>
    public List<Webhook> Slice(TimeSpan from, TimeSpan length) => _events.Where(e => e.At >= from && e.At < from + length).ToList();
}

/// <summary>Redis's own counters (INFO stats, commandstats) around a piece of work, read with redis-cli.</summary>
public sealed record RedisStats(double Commands, double BytesIn, double BytesOut, double Seconds, Dictionary<string, double> ByCommand)
{
    public static async Task<RedisStats> MeasureAsync(int port, Func<Task> work)
    {
        var before = await ReadAsync(port);
        var clock = Stopwatch.StartNew();
        await work();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = await ReadAsync(port);
        return new RedisStats(after.Commands - before.Commands, after.BytesIn - before.BytesIn, after.BytesOut - before.BytesOut, seconds,
            after.ByCommand.ToDictionary(c => c.Key, c => c.Value - before.ByCommand.GetValueOrDefault(c.Key)));
    }

    public RedisStats PerSecond() => this with { Commands = Commands / Seconds, BytesIn = BytesIn / Seconds, BytesOut = BytesOut / Seconds, Seconds = 1 };

    /// <summary>This work without what the bot does when idle (polling, leases) over the same time.</summary>
    public RedisStats Minus(RedisStats perSecond) =>
        this with { Commands = Commands - perSecond.Commands * Seconds, BytesIn = BytesIn - perSecond.BytesIn * Seconds, BytesOut = BytesOut - perSecond.BytesOut * Seconds };

    public RedisStats Minus(RedisStats each, int count) =>
        this with { Commands = Commands - each.Commands * count, BytesIn = BytesIn - each.BytesIn * count, BytesOut = BytesOut - each.BytesOut * count };

    public RedisStats Per(int count) => this with { Commands = Commands / count, BytesIn = BytesIn / count, BytesOut = BytesOut / count };

    public string TopCommands(int per) =>
        string.Join(", ", ByCommand.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(8).Select(c => $"{c.Key} {c.Value / per:0.##}"));

    private static async Task<RedisStats> ReadAsync(int port)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", port.ToString(), "info", "all" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-cli is not installed (apt-get install redis-tools).");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        double Field(string name) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + ":")) is { } line
            ? double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var byCommand = text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("cmdstat_"))
            .ToDictionary(l => l[8..l.IndexOf(':')], l => double.Parse(l.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        return new RedisStats(Field("total_commands_processed"), Field("total_net_input_bytes"), Field("total_net_output_bytes"), 0, byCommand);
    }
}
