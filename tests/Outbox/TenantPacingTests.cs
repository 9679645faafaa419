using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// The outbox against a Bot Connector stand-in that enforces Teams' per-tenant limit (here 10 requests/s, so that a
/// handful of incidents over twenty channels is a burst far over it) besides the per-conversation limits: the burst
/// draws no 429 and every channel's card ends at its final state. A tenant that Teams throttles anyway waits what
/// Teams asks, never gives a card up for it, and does not hold back another tenant's channels.
/// </summary>
public sealed class TenantPacingTests : BotWithConnector
{
    private const int PerSecond = 10;

    protected override BotApp CreateBot() => new(new Dictionary<string, string?>
    {
        ["Storm:Threshold"] = "100000", // a card per incident, as many as pacing must space out
        ["Outbox:TenantRequestsPerSecond"] = PerSecond.ToString(),
        ["Outbox:MaxAttempts"] = "2",
    });

    [Fact]
    public async Task A_burst_over_twenty_channels_of_one_tenant_draws_no_tenant_429_and_every_card_ends_final()
    {
        var teams = new BotClient(Http, Connector.Url, tenantId: "contoso-tenant");
        var channels = Enumerable.Range(1, 20).Select(i => $"19:support-{i:D2}@thread.tacv2").ToList();
        foreach (var channel in channels) await teams.AddBotAsync(channel);
        await Connector.WaitForAsync(_ => Connector.Calls.Count >= channels.Count, TimeSpan.FromSeconds(60), "the greetings");
        var tenant = new TeamsTenantRateLimit(PerSecond);
        var perConversation = new TeamsRateLimit();
        Connector.Fault = call => tenant.Check(call) ?? perConversation.Check(call);

        var storm = new AlertStorm(6, "Tenant burst");
        await storm.SendAsync([() => Http], parallel: 4);
        var outcome = await storm.CheckAsync(Http, Connector, TimeSpan.FromMinutes(4), channels);

        Assert.True(outcome.CardsNotFinal == 0 && outcome.CardsPostedTwice == 0, outcome.ToString());
        Assert.Equal(0, tenant.Rejected);
        Assert.Equal(0, perConversation.Rejected);
        Assert.Empty(await DeadLetters.ListAsync(Http));
    }

    [Fact]
    public async Task A_throttled_tenant_waits_what_Teams_asks_without_giving_up_or_holding_back_another_tenant()
    {
        const string contosoChannel = "19:contoso-support@thread.tacv2", fabrikamChannel = "19:fabrikam-support@thread.tacv2";
        await new BotClient(Http, Connector.Url, tenantId: "contoso-tenant").AddBotAsync(contosoChannel);
        await new BotClient(Http, Connector.Url, tenantId: "fabrikam-tenant").AddBotAsync(fabrikamChannel);
        await Connector.WaitForAsync(_ => Connector.Calls.Count >= 2, what: "the greetings");

        // Teams throttles contoso (429, Retry-After: 1) more often than Outbox:MaxAttempts, and until fabrikam has its card.
        var throttled = 0;
        var fabrikamServed = false;
        Connector.Fault = call =>
        {
            if (call.Card is null) return null;
            if (TeamsTenantRateLimit.TenantOf(call) == "fabrikam-tenant")
            {
                fabrikamServed = true;
                return null;
            }
            if (Volatile.Read(ref throttled) >= 3 && Volatile.Read(ref fabrikamServed)) return null;
            Interlocked.Increment(ref throttled);
            return (429, 1);
        };

        Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Checkout API down"))).IsSuccessStatusCode);

        var contoso = await Connector.WaitForAsync(c => c is { Method: "POST", Card: not null } && c.ConversationId == contosoChannel,
            TimeSpan.FromSeconds(60), "the card in contoso's channel, once Teams lets it through");
        Assert.Single(Connector.Posts, c => c.Card is not null && c.ConversationId == fabrikamChannel);
        Assert.True(throttled >= 3, $"contoso was throttled {throttled} times");
        Assert.Contains("Checkout API down", contoso.Visible);
        Assert.Single(Connector.Posts, c => c.Card is not null && c.ConversationId == contosoChannel);
        Assert.Empty(await DeadLetters.ListAsync(Http));
    }
}
