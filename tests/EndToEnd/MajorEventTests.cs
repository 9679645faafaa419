using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// A storm of twelve new incidents into one Teams channel (real webhooks, the real CloudAdapter, a connector enforcing
/// Teams' exact limits): the first five get their own cards (they reached the channel before the storm began), the rest
/// one major-event roll-up card updated in place, which follows on-call's commands and resolves when all of its
/// incidents have; each incident's own card is still one question away.
/// </summary>
public sealed class MajorEventTests : BotWithConnector
{
    private const string Olga = "29:olga";

    protected override BotApp CreateBot() => new(new Dictionary<string, string?> { ["OnCall:Engineers:0"] = Olga });

    [Fact]
    public async Task A_storm_gets_one_roll_up_card_that_follows_its_incidents_until_all_resolved()
    {
        var limit = new TeamsRateLimit();
        Connector.Fault = limit.Check;
        await Chat.AddBotAsync(Channel);
        for (var i = 1; i <= 12; i++)
        {
            Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}"))).IsSuccessStatusCode);
            // The first five cards reach the channel before the storm begins (an own card still waiting then is not posted:
            // StormBeginsBeforeCardsPostedTests).
            if (i == 5) await Poll.UntilAsync(() => Task.FromResult(Connector.Posts.Count(c => c.Card is not null) == 5), "the first five cards");
        }

        var rollUp = await Connector.WaitForAsync(c => c is { Method: "POST" } && c.Visible.Contains("Major event"), Wait, "the roll-up card");
        await LatestAsync(rollUp, "Major event: 7 incidents, 7 critical, service checkout-api", "all seven incidents on the roll-up");
        var cards = Connector.Calls.Where(c => c is { Method: "POST" } && c.Card is not null && !c.ConversationId.Contains(";messageid=")).ToList();
        Assert.Equal(6, cards.Count);
        Assert.Equal(["INC-1", "INC-2", "INC-3", "INC-4", "INC-5"],
            cards.Where(c => c != rollUp).Select(c => Enumerable.Range(1, 5).Select(n => $"INC-{n}").Single(id => c.Visible.Contains(id + " "))).Order());
        var latest = await LatestAsync(rollUp, "7 open, 0 resolved", "the roll-up's count");
        foreach (var n in Enumerable.Range(6, 7)) Assert.Contains($"INC-{n} · CRITICAL · Investigating", latest.Visible);

        Assert.Equal(0, limit.Rejected);

        // Any incident's own card is one question away; on-call's commands work on incidents on the roll-up. (Answers in
        // a turn are not paced by the bot, so the exact limits stop here: the storm above spent the channel's budget.)
        Connector.Fault = null;
        await Chat.SayAsync(Channel, "incident 9");
        await Connector.WaitForAsync(c => c.ReplyToId is not null && c.Card is not null && c.Visible.Contains("INC-9") && c.Visible.Contains("Storm alert 9"),
            Wait, "INC-9's own card as the answer");
        await Chat.SayAsync(Channel, "<at>SupportBot</at> update INC-9 identified: failover in progress", userId: Olga, userName: "Olga Oncall");
        await LatestAsync(rollUp, "INC-9 · CRITICAL · Identified", "the update on the roll-up");
        await Connector.WaitForAsync(c => c.ConversationId == $"{Channel};messageid={rollUp.ActivityId}" && c.Text.Contains("failover in progress"),
            Wait, "the update in the roll-up's thread");

        for (var i = 6; i <= 12; i++)
            await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}", resolved: true));
        var resolved = await LatestAsync(rollUp, "All 7 resolved", "the roll-up resolved");
        Assert.Contains("✅", resolved.Visible);
        Assert.Equal(6, Connector.Calls.Count(c => c is { Method: "POST" } && c.Card is not null && !c.ConversationId.Contains(";messageid=") && c.ReplyToId is null));
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private Task<ConnectorCall> LatestAsync(ConnectorCall rollUp, string text, string what) => Connector.WaitForNewestAsync(rollUp, text, Wait, what);
}
