using Microsoft.Extensions.Time.Testing;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// New incidents first across the conversations of one Teams tenant: three channels' card updates spend the tenant's
/// budget (Outbox:TenantRequestsPerSecond, on the bot's clock, held still so that the budget stays spent until the
/// test moves it), and a new incident's card in a fourth channel of the tenant still goes out at once, before any of
/// the updates queued before it. Run on the in-process stores and on a real redis-server.
/// </summary>
public abstract class NewIncidentsFirstAcrossChannelsTests : BotWithConnector
{
    private const int PerSecond = 10;
    private const int CardsPerChannel = 5;
    private const string Payments = "19:payments-team@thread.tacv2";
    private static readonly string[] Busy = ["19:checkout-1@thread.tacv2", "19:checkout-2@thread.tacv2", "19:checkout-3@thread.tacv2"];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));

    protected abstract Dictionary<string, string?> StoreSettings();

    protected override BotApp CreateBot()
    {
        var settings = StoreSettings();
        settings["Storm:Threshold"] = "100000"; // a card per incident
        settings["Outbox:TenantRequestsPerSecond"] = PerSecond.ToString();
        return new BotApp(settings, services => services.Replace<TimeProvider>(_time));
    }

    [Fact]
    public async Task With_the_tenant_budget_spent_on_updates_in_three_channels_a_new_incidents_card_in_a_fourth_goes_out_first()
    {
        var perConversation = new TeamsRateLimit(_time);
        Connector.Fault = perConversation.Check;
        var teams = new BotClient(Http, Connector.Url, tenantId: "contoso-tenant");
        foreach (var channel in Busy.Append(Payments)) await teams.AddBotAsync(channel);
        await AdvanceUntil(() => Connector.Calls.Count >= 4, "the greetings");
        foreach (var channel in Busy) await teams.AskAsync(channel, "subscribe here service checkout-api");
        await teams.AskAsync(Payments, "subscribe here service payments-api");
        await AdvanceUntil(() => Connector.Calls.Count >= 8, "the answers to 'subscribe here'");
        for (var i = 1; i <= CardsPerChannel; i++) await Webhook(AlertmanagerPayload.For($"Checkout alert {i}", service: "checkout-api"));
        await AdvanceUntil(() => Cards("POST").Count == Busy.Length * CardsPerChannel, "the checkout cards");
        _time.Advance(TimeSpan.FromSeconds(2.1)); // every conversation's and the tenant's windows are empty now

        // 15 updates: the tenant's second takes 9 of them (a tenth of the budget is kept for urgent cards), 6 wait.
        for (var i = 1; i <= CardsPerChannel; i++) await Webhook(AlertmanagerPayload.Firing($"Checkout alert {i}", alerts: 2, service: "checkout-api"));
        await Poll.UntilAsync(() => Task.FromResult(Cards("PUT").Count >= PerSecond - 1), "the updates the tenant's second takes");
        await Task.Delay(300);
        var updatesBefore = Cards("PUT").Count;
        Assert.True(updatesBefore < Busy.Length * CardsPerChannel, $"{updatesBefore} updates sent: none waits");

        await Webhook(AlertmanagerPayload.For("Payments API down", service: "payments-api"));
        var newCard = await Connector.WaitForAsync(c => c is { Method: "POST", Card: not null } && c.ConversationId == Payments,
            TimeSpan.FromSeconds(30), "the new incident's card, while the tenant's second is spent on updates");
        Assert.Contains("Payments API down", newCard.Visible);
        Assert.Equal(updatesBefore, Cards("PUT").Count); // none of the waiting updates went before it

        await AdvanceUntil(() => Cards("PUT").Count == Busy.Length * CardsPerChannel, "the remaining updates");
        Assert.All(Cards("PUT"), update => Assert.Contains("2 firing of 2", update.Visible));
        Assert.True(Cards("PUT").Skip(updatesBefore).All(update => update.ReceivedAt > newCard.ReceivedAt));
        Assert.Equal(0, perConversation.Rejected);
        Assert.Empty(await DeadLetters.ListAsync(Http));
    }

    private List<ConnectorCall> Cards(string method) => Connector.Calls.Where(c => c.Method == method && c.Card is not null).ToList();

    private async Task Webhook(StringContent body) =>
        Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", body)).IsSuccessStatusCode);

    private Task AdvanceUntil(Func<bool> done, string what) =>
        Poll.AdvancingUntilAsync(_time, () => Task.FromResult(done()), () => $"{what}; sent: {string.Join("; ", Connector.Calls)}");
}

public sealed class InMemoryNewIncidentsFirstAcrossChannelsTests : NewIncidentsFirstAcrossChannelsTests
{
    protected override Dictionary<string, string?> StoreSettings() => [];
}

public sealed class RedisNewIncidentsFirstAcrossChannelsTests(RedisServer redis) : NewIncidentsFirstAcrossChannelsTests, IClassFixture<RedisServer>
{
    protected override Dictionary<string, string?> StoreSettings() => EndToEnd.Redis.RedisBot.Settings(redis, RedisServer.NewPrefix());
}
