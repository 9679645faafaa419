using SupportBot.Tests.Infrastructure;

namespace SupportBot.Bench;

/// <summary>
/// Flapping: a few alerts (each its own service, so its own incident) fire and resolve again and again, a change a
/// second, into one channel; what reaches the channel per flapping alert: cards posted, card updates, thread replies.
/// By default an incident flaps after 4 state changes and its card is then updated at most every 5 minutes, so however
/// many flaps: one card, at most one update per change before it flaps plus the one that says it flaps.
/// </summary>
public static class FlapBench
{
    private const string Channel = "19:bench-flapping@thread.tacv2";
    private const int FlappingAlerts = 5;
    private const int ChangesBeforeFlapping = 4;   // Incidents:FlapChanges' default

    public static async Task RunAsync(Options options, Report report, string store, IDictionary<string, string> settings)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await ChildServer.StartBotAsync(settings);
        using var http = bot.Client();
        (await http.PostAsync("/api/messages", Payloads.Json(Payloads.BotAdded(connector.Url, Channel)))).EnsureSuccessStatusCode();

        var services = Enumerable.Range(0, FlappingAlerts).Select(i => $"flap-{i}").ToList();
        var started = DateTimeOffset.UtcNow;
        for (var change = 0; change < options.Flaps; change++)
        {
            var firing = change % 2 == 0;
            foreach (var service in services)
            {
                var body = Payloads.Webhook($"{{}}:{{service=\"{service}\"}}", service, [$"{service}-alert"],
                    firing ? "firing" : "resolved", started, firing ? null : DateTimeOffset.UtcNow);
                using var response = await http.PostAsync("/api/webhooks/alertmanager", Payloads.Json(body));
                response.EnsureSuccessStatusCode();
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await Task.Delay(TimeSpan.FromSeconds(5));   // the last messages on their way

        var calls = connector.Calls;
        var cards = services.ToDictionary(s => s, s => calls.Where(c => c is { Method: "POST", ReplyToId: null } && c.Card is not null && c.Visible.Contains($"\n{s}\n")).ToList());
        var posts = cards.Values.Max(c => c.Count);
        var updates = services.Max(s => calls.Count(c => c.Method == "PUT" && cards[s].Any(card => card.ActivityId == c.ActivityId)));
        var replies = services.Max(s => calls.Count(c => c.Method == "POST" && cards[s].Any(card => c.ConversationId.EndsWith($";messageid={card.ActivityId}", StringComparison.Ordinal))));
        report.Add(new("flapping", store, "state changes per alert", options.Flaps, "webhooks"));
        report.Add(new("flapping", store, "cards per flapping alert (most)", posts, "msgs", "≤ 1", posts <= 1));
        report.Add(new("flapping", store, "card updates per flapping alert (most)", updates, "msgs", $"≤ {ChangesBeforeFlapping}", updates <= ChangesBeforeFlapping));
        report.Add(new("flapping", store, "thread replies per flapping alert (most)", replies, "msgs"));
    }
}
