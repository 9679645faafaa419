using SupportBot.Channels;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>A card whose last version was given up on still catches up with its incident once the channel answers again.</summary>
public sealed class DeadLetterRepairTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        var settings = Settings(redis, RedisServer.NewPrefix(), maxAttempts: 2);
        settings["Outbox:ReconcileInterval"] = "00:00:00.300";
        _bot = new BotApp(settings);
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_resolve_dead_lettered_during_a_connector_outage_reaches_the_card_when_the_connector_recovers()
    {
        await new BotClient(_http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        // The connector fails every call while the incident resolves: the resolved card is given up on, more than once.
        var failed = 0;
        _connector.Fault = _ => { Interlocked.Increment(ref failed); return (500, null); };
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        await Poll.UntilAsync(async () => (await DeadLetters.ListAsync(_http, "Card")).Count > 0, "the resolved card dead-lettered");
        var failedOnce = Volatile.Read(ref failed);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref failed) >= failedOnce + 2), "another attempt after the dead letter");

        _connector.Fault = null;
        var update = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("Resolved"), TimeSpan.FromSeconds(20),
            "the card updated to Resolved once the connector answers again");
        Assert.Equal(post.ActivityId, update.ActivityId);
        Assert.Single(_connector.Posts, c => c.Card is not null);
        // Every dead letter is kept once per message, not once per failed pass.
        var dead = await DeadLetters.ListAsync(_http, "Card");
        Assert.Equal(dead.Count, dead.Select(d => d.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_channel_that_answers_403_is_unsubscribed_and_the_others_keep_their_briefings()
    {
        const string removed = "19:bot-was-removed@thread.tacv2";
        var chat = new BotClient(_http, _connector.Url);
        foreach (var conversation in new[] { Channel, removed })
        {
            await chat.AddBotAsync(conversation);
            await _connector.WaitForAsync(c => c.ReplyToId is not null && c.ConversationId == conversation, what: "the greeting");
        }
        _connector.Fault = call => call.ConversationId == removed ? (403, null) : null;

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == Channel, what: "the card in the healthy channel");

        var channels = _bot.Service<IBriefingChannelStore>();
        await Poll.UntilAsync(async () => (await channels.ListAsync(default)).All(c => c.Reference.Conversation.Id != removed), "the 403 channel unsubscribed");
        Assert.Contains(await channels.ListAsync(default), c => c.Reference.Conversation.Id == Channel);
    }
}
