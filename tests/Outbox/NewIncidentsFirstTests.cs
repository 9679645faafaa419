using Microsoft.Extensions.Time.Testing;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// Under Teams' pacing, against a stand-in that enforces Teams' exact limits on the bot's own clock (held still, so
/// the channel's budget stays spent until the test moves it),
/// a new incident's card and a resolution go out before the queued intermediate updates of other cards, and queued
/// updates of one card still merge into one update showing its latest version.
/// </summary>
public sealed class NewIncidentsFirstTests : BotWithConnector
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));

    // A card per incident (no major-event roll-up), so that the order of their sends shows.
    protected override BotApp CreateBot() => new(new Dictionary<string, string?> { ["Storm:Threshold"] = "100000" },
        services => services.Replace<TimeProvider>(_time));

    [Fact]
    public async Task A_new_incident_and_a_resolution_overtake_updates_of_other_cards_and_updates_of_one_card_merge()
    {
        var limit = new TeamsRateLimit(_time);
        Connector.Fault = limit.Check;
        await Chat.AddBotAsync(Channel);
        for (var i = 1; i <= 6; i++) await Webhook(AlertmanagerPayload.Firing($"Paced alert {i}", alerts: 1));
        await WaitUntil(() => Cards("POST").Count == 6, "the first six cards");
        var before = Connector.Calls.Count; // greeting + 6 cards: 7 in this second, Teams' limit

        // Queued while the budget is spent: two updates of card 1, one of cards 2-5, then a new incident and a resolution.
        await Webhook(AlertmanagerPayload.Firing("Paced alert 1", alerts: 2));
        await Webhook(AlertmanagerPayload.Firing("Paced alert 1", alerts: 3));
        for (var i = 2; i <= 5; i++) await Webhook(AlertmanagerPayload.Firing($"Paced alert {i}", alerts: 2));
        await Webhook(AlertmanagerPayload.Firing("Paced alert 7", alerts: 1));
        await Webhook(AlertmanagerPayload.For("Paced alert 6", resolved: true));
        await Task.Delay(500);
        Assert.Equal(before, Connector.Calls.Count); // nothing goes while the second is not over

        var sent = new List<ConnectorCall>();
        while (sent.Count < 7)
        {
            _time.Advance(TimeSpan.FromSeconds(1.1));
            await Task.Delay(400);
            sent = Connector.Calls.Skip(before).ToList();
            Assert.True(_time.GetUtcNow() < new DateTimeOffset(2026, 11, 20, 9, 46, 0, TimeSpan.Zero), "sent so far: " + string.Join("; ", sent));
        }

        Assert.Equal(7, sent.Count);
        Assert.Equal("POST", sent[0].Method);
        Assert.Contains("Paced alert 7", sent[0].Visible);
        Assert.Equal("PUT", sent[1].Method);
        Assert.Contains("Resolved", sent[1].Visible);
        Assert.Contains("Paced alert 6", sent[1].Visible);
        var card1 = Cards("POST").Single(c => c.Visible.Contains("Paced alert 1"));
        var card1Update = Assert.Single(sent, c => c.Method == "PUT" && c.ActivityId == card1.ActivityId);
        Assert.Contains("3 firing of 3", card1Update.Visible);
        Assert.All(sent.Skip(2), c => Assert.Equal("PUT", c.Method));
        Assert.Equal(0, limit.Rejected);
    }

    private List<ConnectorCall> Cards(string method) => Connector.Calls.Where(c => c.Method == method && c.Card is not null).ToList();

    private async Task Webhook(StringContent body) =>
        Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", body)).IsSuccessStatusCode);

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Never saw " + what);
            await Task.Delay(100);
        }
    }
}
