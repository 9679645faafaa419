using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Part 3: an alert storm (10,000 alerts over 50 services within the storm window) into 20 subscribed channels,
/// with the stand-in enforcing Teams' per-conversation limits. Counts messages per channel, 429s and the channels
/// that switched to a major-event roll-up; measures how soon a new incident shows in each channel (its own card, or
/// the roll-up counting it) and how long until every channel shows every incident's final state; any that never
/// gets there is lost.
/// </summary>
public static partial class StormBench
{
    private const int Channels = 20;
    private const int Services = 50;
    private const int Alerts = 10_000;
    private const int AlertsPerWebhook = 10;

    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings)
    {
        var limit = new TeamsRateLimit();
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.Fault = limit.Check;
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();
        var channels = Enumerable.Range(0, Channels).Select(i => $"19:storm-{i}@thread.tacv2").ToList();
        foreach (var channel in channels)
            (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, channel)))).EnsureSuccessStatusCode();
        // The greetings count against the limits too: the outbox knows of them and paces around them.

        var webhooks = Alerts / AlertsPerWebhook;
        var firstAlertOf = new Dictionary<string, long>(); // service → when its first webhook went out (Stopwatch ticks)
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>();
        for (var i = 0; i < webhooks; i++)
        {
            var due = options.StormWindow * ((double)i / webhooks);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var service = $"storm-{i % Services}";
            var batch = i / Services;
            var body = Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service,
                Enumerable.Range(0, AlertsPerWebhook).Select(k => $"{service}-{batch}-{k}"));
            firstAlertOf.TryAdd(service, Stopwatch.GetTimestamp());
            sends.Add(SendWithRetryAsync(http, body));
        }
        await Task.WhenAll(sends);
        var stormSeconds = clock.Elapsed.TotalSeconds;

        var expected = await FinalTotalsAsync(http);
        var consistentAfter = double.NaN;
        var deadline = TimeSpan.FromSeconds(stormSeconds) + options.StormSettle;
        while (clock.Elapsed < deadline)
        {
            if (Inconsistent(connector, channels, expected) == 0) { consistentAfter = clock.Elapsed.TotalSeconds - stormSeconds; break; }
            await Task.Delay(500);
        }

        var lost = Inconsistent(connector, channels, expected);
        var postsPerCard = connector.Posts.Where(c => c.Card is not null && Incident(c) is not null).GroupBy(c => (c.ConversationId, Incident(c))).ToList();
        var perIncidentChannel = postsPerCard.Select(g => g.Count()).DefaultIfEmpty(0).Max();
        if (Environment.GetEnvironmentVariable("BENCH_STORM_TRACE") is not null)
            foreach (var call in connector.Calls.Where(c => Channel(c) == channels[0]))
                Console.WriteLine($"  {Stopwatch.GetElapsedTime(clock.ElapsedTicks > 0 ? Stopwatch.GetTimestamp() - clock.ElapsedTicks : 0, call.ReceivedAt).TotalMilliseconds,9:0} {call}");
        foreach (var twice in postsPerCard.Where(g => g.Count() > 1).Take(3))
            Console.WriteLine($"  posted more than once: {twice.Key}: {string.Join(" | ", twice.Select(c => c.ToString()))}");
        report.Add(new("storm", store, "incidents", expected.Count, ""));
        report.Add(new("storm", store, "posts", connector.Posts.Count, "msgs"));
        report.Add(new("storm", store, "updates", connector.Updates.Count, "msgs"));
        var perChannel = channels.Select(ch => connector.Calls.Count(c => Channel(c) == ch)).ToList();
        report.Add(new("storm", store, "messages per channel (mean)", perChannel.Average(), "msgs"));
        report.Add(new("storm", store, "messages per channel (most)", perChannel.Max(), "msgs"));
        report.Add(new("storm", store, "own cards per channel (most)", channels.Max(ch => connector.Posts.Count(c => Channel(c) == ch && c.Card is not null && Incident(c) is not null)), "cards"));
        var rolledUp = channels.Count(ch => connector.Calls.Any(c => Channel(c) == ch && IsRollUp(c)));
        report.Add(new("storm", store, "channels that used a roll-up", rolledUp, $"of {Channels}", $"{Channels}", rolledUp == Channels));
        var rollUpFirst = RollUpLatencies(connector, clock, channels);
        report.Add(new("storm", store, "storm start → roll-up card p99", Percentiles.Of(rollUpFirst, 99), "ms"));
        report.Add(new("storm", store, "429s from the stand-in", limit.Rejected, "resp", "0", limit.Rejected == 0));
        var firstCard = FirstCardLatencies(connector, firstAlertOf);
        report.Add(new("storm", store, "new incident → own card p50", Percentiles.Of(firstCard, 50), "ms"));
        report.Add(new("storm", store, "new incident → own card p99", Percentiles.Of(firstCard, 99), "ms"));
        var shown = ShownLatencies(connector, channels, firstAlertOf);
        report.Add(new("storm", store, "new incident → first card p50", Percentiles.Of(shown, 50), "ms"));
        report.Add(new("storm", store, "new incident → first card p99", Percentiles.Of(shown, 99), "ms", "≤ 2000", Percentiles.Of(shown, 99) <= 2000));
        report.Add(new("storm", store, "incident/channel pairs timed", shown.Count, $"of {expected.Count * Channels}"));
        report.Add(new("storm", store, "most posts of one incident/channel", perIncidentChannel, "msgs", "≤ 1", perIncidentChannel <= 1));
        report.Add(new("storm", store, "cards lost (not at final state)", lost, "cards", "0", lost == 0));
        report.Add(new("storm", store, "s after storm until consistent", consistentAfter, "s"));
    }

    /// <summary>
    /// Per channel and incident: from its service's first webhook until the channel first shows it (ms, sorted). That is
    /// its own card's first post, or for the incidents on the channel's roll-up (taken in the order their services
    /// first sent), the first version of the roll-up that counts as many incidents as it is the n-th to join.
    /// </summary>
    private static List<double> ShownLatencies(ConnectorStandIn connector, List<string> channels, Dictionary<string, long> firstAlertOf)
    {
        var calls = connector.Calls;
        var latencies = new List<double>();
        foreach (var channel in channels)
        {
            var own = calls.Where(c => Channel(c) == channel && c is { Method: "POST", Card: not null } && Incident(c) is not null
                                       && ServiceOf().Match(Visible(c)).Success)
                .GroupBy(c => ServiceOf().Match(Visible(c)).Value).ToDictionary(g => g.Key, g => g.Min(c => c.ReceivedAt));
            var rollUp = calls.Where(c => Channel(c) == channel && IsRollUp(c)).OrderBy(c => c.ReceivedAt)
                .Select(c => (c.ReceivedAt, Count: RolledUp(c))).ToList();
            var joined = 0;
            foreach (var (service, sentAt) in firstAlertOf.OrderBy(f => f.Value))
            {
                long? shownAt = own.TryGetValue(service, out var at) ? at : null;
                if (shownAt is null)
                {
                    joined++;
                    var version = rollUp.FirstOrDefault(r => r.Count >= joined);
                    if (version.ReceivedAt != 0) shownAt = version.ReceivedAt;
                }
                if (shownAt is { } t) latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(sentAt, t).TotalMilliseconds));
            }
        }
        latencies.Sort();
        return latencies;
    }

    // What a call shows, worked out once per call: the stand-in works it out from the card's JSON at every ask.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConnectorCall, string> Shown = new();
    private static string Visible(ConnectorCall call) => Shown.GetValue(call, c => c.Visible);

    /// <summary>Per channel and incident: from its service's first webhook to its first card at the connector (ms, sorted).</summary>
    private static List<double> FirstCardLatencies(ConnectorStandIn connector, Dictionary<string, long> firstAlertOf) =>
        connector.Posts.Where(c => c.Card is not null && Incident(c) is not null)
            .GroupBy(c => (c.ConversationId, Incident(c)))
            .Select(g => g.MinBy(c => c.ReceivedAt)!)
            .Select(c => ServiceOf().Match(Visible(c)) is { Success: true } m && firstAlertOf.TryGetValue(m.Value, out var sentAt)
                ? Stopwatch.GetElapsedTime(sentAt, c.ReceivedAt).TotalMilliseconds : double.NaN)
            .Where(ms => !double.IsNaN(ms)).Order().ToList();

    /// <summary>Per channel: from the storm's start to its roll-up's first post (ms, sorted).</summary>
    private static List<double> RollUpLatencies(ConnectorStandIn connector, Stopwatch clock, List<string> channels)
    {
        var start = Stopwatch.GetTimestamp() - clock.ElapsedTicks;
        return channels.Select(ch => connector.Posts.FirstOrDefault(c => Channel(c) == ch && IsRollUp(c)))
            .OfType<ConnectorCall>().Select(c => Stopwatch.GetElapsedTime(start, c.ReceivedAt).TotalMilliseconds).Order().ToList();
    }

    private static string Channel(ConnectorCall call) => call.ConversationId.Split(';')[0];

    private static bool IsRollUp(ConnectorCall call) => call.Card is not null && RollUpText.IsRollUp(Visible(call));

    private static async Task SendWithRetryAsync(HttpClient http, byte[] body)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200 * (attempt + 1));
        }
    }

    private static async Task<Dictionary<string, int>> FinalTotalsAsync(HttpClient http)
    {
        var totals = new Dictionary<string, int>();
        for (string? page = "/api/incidents?limit=200"; page is not null;)
        {
            var incidents = await http.GetFromJsonAsync<JsonElement>(page);
            foreach (var i in incidents.GetProperty("incidents").EnumerateArray())
                totals[i.GetProperty("id").GetString()!] = i.GetProperty("alertCount").GetInt32();
            page = incidents.GetProperty("next").GetString();
        }
        return totals;
    }

    /// <summary>
    /// (channel, incident) pairs not at their final state: an incident with its own card there whose latest version does
    /// not show its final alert count, or, for the rest, a roll-up whose latest version does not count them all.
    /// </summary>
    private static int Inconsistent(ConnectorStandIn connector, List<string> channels, Dictionary<string, int> expected)
    {
        var calls = connector.Calls;
        var latest = calls
            .Where(c => c.Card is not null && Incident(c) is not null)
            .GroupBy(c => (c.ConversationId, Incident: Incident(c)!))
            .ToDictionary(g => g.Key, g => Total(g.MaxBy(c => c.ReceivedAt)!));
        var rollUps = calls.Where(IsRollUp).GroupBy(c => c.ConversationId)
            .ToDictionary(g => g.Key, g => RolledUp(g.MaxBy(c => c.ReceivedAt)!));
        return channels.Sum(channel =>
        {
            var own = expected.Where(e => latest.ContainsKey((channel, e.Key))).ToList();
            var wrong = own.Count(e => latest[(channel, e.Key)] != e.Value);
            var rest = expected.Count - own.Count;
            return wrong + (rest == 0 || rollUps.GetValueOrDefault(channel) == rest ? 0 : rest);
        });
    }

    private static string? Incident(ConnectorCall call) => IsRollUp(call) ? null : RollUpText.IncidentId(Visible(call));
    private static int RolledUp(ConnectorCall call) => RollUpText.Incidents(Visible(call));
    private static int Total(ConnectorCall call) => FiringOf().Match(Visible(call)) is { Success: true } m ? int.Parse(m.Groups[1].Value) : -1;

    [GeneratedRegex(@"storm-\d+")]
    private static partial Regex ServiceOf();

    [GeneratedRegex(@"\d+ firing of (\d+)")]
    private static partial Regex FiringOf();
}
