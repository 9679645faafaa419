using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Incidents;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// An Alertmanager alert that fires and resolves every two minutes (the real webhooks, with the times Alertmanager
/// would put in them) into a bot whose clock the test moves: one incident and one card, a card that says it flaps and
/// is updated at most every 5 minutes, no reply per flap, and calm (then resolved) after the quiet period.
/// </summary>
public sealed class FlappingTests : BotWithConnector
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    // The check loop is driven by the test (RunOnceAsync), so nothing races the webhooks.
    protected override BotApp CreateBot() => new(new Dictionary<string, string?>
    {
        ["Incidents:FlapCheckInterval"] = "01:00:00",
        ["Outbox:SendTimeout"] = "01:00:00",
        ["Outbox:Lease"] = "03:00:00",
    }, services => services.Replace<TimeProvider>(_time));

    [Fact]
    public async Task A_flapping_alert_keeps_one_incident_and_one_card_updated_at_most_every_5_minutes_and_calms_down()
    {
        await Chat.AddBotAsync(Channel);
        var card = await AtAsync(0, firing: true, c => c is { Method: "POST" } && c.Card is not null, "the card");
        await AtAsync(2, firing: false, Put(card, "Resolved"), "the card resolved");
        await AtAsync(4, firing: true, Put(card, "Investigating"), "the card firing again");
        await Connector.WaitForAsync(c => c.ConversationId.Contains(";messageid=") && c.Text.Contains("Reopened"), what: "the reopening in the thread");
        await AtAsync(6, firing: false, Put(card, "Resolved"), "the card resolved again");
        await AtAsync(8, firing: true, Put(card, "flapping (4 changes in 20 min)"), "the card saying it flaps");
        await AtAsync(10, firing: false);
        await AtAsync(12, firing: true);
        await AtAsync(14, firing: false, Put(card, "flapping (7 changes in 20 min)"), "the card's update 6 minutes later");
        await AtAsync(16, firing: true);
        await AtAsync(18, firing: false);

        // No webhook for a while: the held-back flaps reach the card once 5 minutes passed since it last changed.
        await CheckAtAsync(19);
        await Connector.WaitForAsync(Put(card, "flapping (9 changes in 20 min)"), what: "the held-back flaps on the card");
        // Quiet for 10 minutes: it stops flapping, and resolves, as its alert last said.
        await CheckAtAsync(27);
        await CheckAtAsync(28);
        var resolved = await Connector.WaitForAsync(Put(card, "Resolved"), what: "the card resolved at last");
        Assert.Equal(card.ActivityId, resolved.ActivityId);

        Assert.Single(Connector.Calls, c => c.Method == "POST" && c.Card is not null);
        Assert.Single(Connector.Calls, c => c.ConversationId.Contains(";messageid="));
        var updates = CardUpdates(card).Select(c => StateOf(c.Visible)).ToList();
        Assert.True(updates.Count == 7, string.Join("\n", CardUpdates(card).Select(c => c.Visible.Split('\n')[0] + " | " + string.Join(" ", c.Visible.Split('\n').Where(l => l.Contains("flapping") || l.Contains("Alerts") || l.Contains("firing"))))));
        Assert.Equal(["Resolved", "Investigating", "Resolved", "flapping (4", "flapping (7", "flapping (9", "Resolved"], updates);
        var incident = Assert.Single(await Bot.Service<IIncidentStore>().ListAsync(CancellationToken.None));
        Assert.False(incident.IsOpen);
        Assert.Null(incident.Flapping);
        Assert.Equal(Start.AddMinutes(18), incident.ResolvedAt);
    }

    [Fact]
    public async Task An_alert_firing_again_after_the_flap_window_opens_a_new_incident()
    {
        await Chat.AddBotAsync(Channel);
        await AtAsync(0, firing: true, c => c is { Method: "POST" } && c.Card is not null && c.Visible.Contains("INC-1"), "INC-1's card");
        await AtAsync(2, firing: false, c => c.Method == "PUT" && c.Visible.Contains("Resolved"), "INC-1 resolved");
        await AtAsync(23, firing: true, c => c is { Method: "POST" } && c.Card is not null && c.Visible.Contains("INC-2"), "INC-2's card");
        Assert.Equal(2, (await Bot.Service<IIncidentStore>().ListAsync(CancellationToken.None)).Count);
    }

    private async Task<ConnectorCall> AtAsync(int minute, bool firing, Func<ConnectorCall, bool>? shows = null, string? what = null)
    {
        _time.SetUtcNow(Start.AddMinutes(minute));
        var response = await Http.PostAsync("/api/webhooks/alertmanager", Webhook(firing, Start.AddMinutes(minute)));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} at minute {minute}");
        return shows is null ? null! : await Connector.WaitForAsync(shows, TimeSpan.FromSeconds(30), what);
    }

    private async Task CheckAtAsync(int minute)
    {
        _time.SetUtcNow(Start.AddMinutes(minute));
        await Bot.Service<FlappingCards>().RunOnceAsync(CancellationToken.None);
    }

    private Func<ConnectorCall, bool> Put(ConnectorCall card, string text) =>
        c => c.Method == "PUT" && c.ActivityId == card.ActivityId && c.Visible.Contains(text) && !CardUpdates(card).SkipWhile(u => u != c).Skip(1).Any();

    private List<ConnectorCall> CardUpdates(ConnectorCall card) =>
        Connector.Calls.Where(c => c.Method == "PUT" && c.ActivityId == card.ActivityId).ToList();

    private static string StateOf(string visible) =>
        new[] { "flapping (4", "flapping (7", "flapping (9", "Resolved", "Investigating" }.First(visible.Contains);

    /// <summary>The real Alertmanager webhook (firing or resolved), with the times Alertmanager would send at <paramref name="at"/>.</summary>
    private static StringContent Webhook(bool firing, DateTimeOffset at)
    {
        var payload = JsonNode.Parse(Fixtures.Text(firing ? "alertmanager-firing.json" : "alertmanager-resolved.json"))!.AsObject();
        foreach (var alert in payload["alerts"]!.AsArray())
        {
            // A refiring alert starts anew; a resolved one ends now.
            if (firing) alert!["startsAt"] = at.ToString("O");
            else alert!["endsAt"] = at.ToString("O");
        }
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
