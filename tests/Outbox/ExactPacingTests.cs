using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// The outbox against a Bot Connector stand-in that enforces exactly Teams' per-conversation limits (7 in 1 s,
/// 8 in 2 s, 60 in 30 s, edges included): a burst of new incidents right after people talked to the bot in the
/// channel is delivered in full without a single 429.
/// </summary>
public sealed class ExactPacingTests : BotWithConnector
{
    // A card per incident, as many as pacing must space out (no major-event roll-up).
    protected override BotApp CreateBot() => new(new Dictionary<string, string?> { ["Storm:Threshold"] = "100000" });

    [Fact]
    public async Task A_burst_of_cards_after_chat_in_the_channel_draws_no_429()
    {
        var limit = new TeamsRateLimit();
        Connector.Fault = limit.Check;

        // The greeting and the answers go out as replies in the turn, not through the outbox, yet count against the channel.
        await Chat.AddBotAsync(Channel);
        await Chat.SayAsync(Channel, "status");
        await Chat.SayAsync(Channel, "help");
        const int incidents = 12;
        for (var i = 1; i <= incidents; i++)
            await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Burst alert {i}"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Connector.Posts.Count(p => p.Card is not null) < incidents && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(incidents, Connector.Posts.Count(p => p.Card is not null));
        Assert.Equal(0, limit.Rejected);
        Assert.Equal(incidents + 3, limit.Calls);
    }
}
