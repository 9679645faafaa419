using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// "Opened before the storm" is decided when an incident's own card would reach the channel: the Teams tenant's budget
/// (Outbox:TenantRequestsPerSecond, on the bot's clock, held still so the budget stays spent until the test moves it)
/// lets the first three incidents' cards out and holds the fourth's and fifth's; then the sixth incident begins the
/// channel's storm. The channel gets the three cards that reached it and one roll-up with the five others; the cards
/// still waiting are never posted, on-call's update of incident 4 goes in the roll-up's thread, and `incident 4` still
/// answers with that incident's own card. Run on the in-process
/// stores and on a real redis-server.
/// </summary>
public abstract class StormBeginsBeforeCardsPostedTests : BotWithConnector
{
    private const int PerSecond = 3;
    private const string Olga = "29:olga";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));

    protected abstract Dictionary<string, string?> StoreSettings();

    protected override BotApp CreateBot()
    {
        var settings = StoreSettings();
        settings["Storm:Threshold"] = "5";
        settings["Outbox:TenantRequestsPerSecond"] = PerSecond.ToString();
        settings["OnCall:Engineers:0"] = Olga;
        return new BotApp(settings, services => services.Replace<TimeProvider>(_time));
    }

    [Fact]
    public async Task Incidents_whose_cards_still_wait_when_the_storm_begins_show_only_on_the_roll_up()
    {
        var perConversation = new TeamsRateLimit(_time);
        Connector.Fault = perConversation.Check;
        var teams = new BotClient(Http, Connector.Url, tenantId: "contoso-tenant");
        await teams.AddBotAsync(Channel);
        await AdvanceUntil(() => Connector.Calls.Count >= 1, "the greeting");
        _time.Advance(TimeSpan.FromSeconds(2.1)); // the conversation's and the tenant's windows are empty now

        for (var i = 1; i <= 3; i++) await Webhook($"Storm alert {i}", $"service-{i}");
        await Poll.UntilAsync(() => Task.FromResult(OwnCards().Count == 3), "the first three incidents' cards, in the tenant's second");
        for (var i = 4; i <= 5; i++) await Webhook($"Storm alert {i}", $"service-{i}"); // they wait for a place
        // On-call's update of incident 4 is queued for the thread of its card, which is still waiting.
        var update = teams.SayAsync(Channel, "<at>SupportBot</at> update INC-4 identified: looking at the database", userId: Olga, userName: "Olga Oncall");
        await Poll.UntilAsync(async () => (await Http.GetStringAsync("/api/incidents/4")).Contains("looking at the database"), "incident 4 updated");
        for (var i = 6; i <= 8; i++) await Webhook($"Storm alert {i}", $"service-{i}"); // 6 begins the storm

        var rollUp = await AdvanceUntilAsync(() => RollUps().LastOrDefault(r => r.Visible.Contains("Major event: 5 incidents")),
            "the roll-up with incidents 4 to 8");
        foreach (var n in new[] { 4, 5, 6, 7, 8 }) Assert.Contains($"INC-{n} · CRITICAL", rollUp.Visible);
        foreach (var n in new[] { 1, 2, 3 }) Assert.DoesNotContain($"INC-{n} · ", rollUp.Visible);
        await AdvanceUntilAsync(async () => await PendingAsync() == 0, "the outbox to drain");

        Assert.Equal(["INC-1", "INC-2", "INC-3"], OwnCards().Select(IncidentOf).Order());
        Assert.Single(RollUps(), r => r.Method == "POST");
        Assert.Equal(0, perConversation.Rejected);
        Assert.Empty(await DeadLetters.ListAsync(Http));
        // The update goes in the thread of the card that shows incident 4 in the channel: the roll-up's.
        var rollUpThread = $"{Channel};messageid={RollUps().Single(r => r.Method == "POST").ActivityId}";
        Assert.Single(Connector.Calls, c => c.Text.Contains("looking at the database") && c.ConversationId == rollUpThread);
        Assert.DoesNotContain(Connector.Calls, c => c.Text.Contains("looking at the database") && c is { ReplyToId: null } && c.ConversationId == Channel);
        await update;

        // Incident 4's own card is one question away, though the channel never got it.
        var asked = teams.AskAsync(Channel, "incident 4");
        var answer = await AdvanceUntilAsync(() => Connector.Calls.FirstOrDefault(c => c.ReplyToId is not null && c.Card is not null && c.Visible.Contains("Storm alert 4")),
            "the answer to 'incident 4'");
        await asked;
        Assert.Contains("INC-4", answer.Visible);
        Assert.Contains("Storm alert 4", answer.Visible);
    }

    private List<ConnectorCall> OwnCards() => Connector.Calls
        .Where(c => c is { Method: "POST", Card: not null, ReplyToId: null } && !c.Visible.Contains("Major event")).ToList();

    private List<ConnectorCall> RollUps() => Connector.Calls.Where(c => c.Card is not null && c.Visible.Contains("Major event")).ToList();

    private static string IncidentOf(ConnectorCall card) => Enumerable.Range(1, 8).Select(n => $"INC-{n}").Single(id => card.Visible.Contains(id + " "));

    private async Task Webhook(string summary, string service) =>
        Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(summary, service: service))).IsSuccessStatusCode);

    private async Task<long> PendingAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/admin/outbox")).GetProperty("pending").GetInt64();

    private Task AdvanceUntil(Func<bool> done, string what) => AdvanceUntilAsync(() => Task.FromResult(done()), what);

    private async Task<ConnectorCall> AdvanceUntilAsync(Func<ConnectorCall?> find, string what)
    {
        ConnectorCall? found = null;
        await AdvanceUntilAsync(() => Task.FromResult((found = find()) is not null), what);
        return found!;
    }

    private Task AdvanceUntilAsync(Func<Task<bool>> done, string what) =>
        Poll.AdvancingUntilAsync(_time, done, () => $"{what}; sent: {string.Join("; ", Connector.Calls)}");
}

public sealed class InMemoryStormBeginsBeforeCardsPostedTests : StormBeginsBeforeCardsPostedTests
{
    protected override Dictionary<string, string?> StoreSettings() => [];
}

public sealed class RedisStormBeginsBeforeCardsPostedTests(RedisServer redis) : StormBeginsBeforeCardsPostedTests, IClassFixture<RedisServer>
{
    protected override Dictionary<string, string?> StoreSettings() => Redis.RedisBot.Settings(redis, RedisServer.NewPrefix());
}
