using SupportBot.Channels;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Each instance keeps the list of briefing channels it read (every change of an incident needs it). A channel that
/// subscribes or unsubscribes through one instance is briefed accordingly by the next change another instance makes,
/// once the notice has reached it: here the instances keep their list for an hour unless told, so only the notice can.
/// </summary>
public sealed class BriefingChannelsTwoInstancesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string CheckoutTeam = "19:checkout-team@thread.tacv2";
    private readonly string _prefix = RedisServer.NewPrefix();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_channel_subscribed_on_one_instance_gets_the_card_of_the_next_change_on_another_and_none_once_unsubscribed()
    {
        await using var chat = Bot();
        await using var ingest = Bot();
        var people = new BotClient(chat.CreateClient(), _connector.Url);
        var monitoring = ingest.CreateClient();
        await people.AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ConversationId == Channel && c.ReplyToId is not null, what: "the greeting in the first channel");
        await monitoring.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Orders queue backed up", service: "orders-api"));
        await CardAsync(Channel, "INC-1");

        // Added to a second channel through the chat instance: that subscribes it there.
        await people.AddBotAsync(CheckoutTeam);
        await _connector.WaitForAsync(c => c.ConversationId == CheckoutTeam && c.ReplyToId is not null, what: "the greeting in the second channel");
        await HeardAsync(ingest, listed: true);
        await monitoring.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Checkout latency high", service: "checkout-api"));
        await CardAsync(CheckoutTeam, "INC-2");
        await CardAsync(Channel, "INC-2");

        var asked = await people.AskAsync(CheckoutTeam, "unsubscribe here");
        Assert.Contains("will no longer get outage briefings", (await _connector.WaitForAsync(c => c.ReplyToId == asked, what: "the answer")).Text);
        await HeardAsync(ingest, listed: false);
        await monitoring.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Payments declined", service: "payments"));
        await CardAsync(Channel, "INC-3");
        await OutboxDrain.WaitUntilSentAsync(TimeSpan.FromSeconds(60), chat, ingest);
        Assert.DoesNotContain(_connector.Posts, c => c.ConversationId == CheckoutTeam && c.Visible.Contains("INC-3"));
    }

    private BotApp Bot()
    {
        var settings = Settings(redis, _prefix);
        settings["Redis:BriefingChannelsMaxAge"] = "01:00:00";
        return new BotApp(settings);
    }

    /// <summary>The instance has heard of the channel's (un)subscription: its list of briefing channels says so.</summary>
    private static Task HeardAsync(BotApp instance, bool listed) =>
        Poll.UntilAsync(async () => (await instance.Service<BriefingAudience>().ListAsync(default)).Any(c => c.Id == CheckoutTeam) == listed,
            $"the other instance to list the second channel as {(listed ? "subscribed" : "unsubscribed")}", TimeSpan.FromSeconds(30));

    private Task<ConnectorCall> CardAsync(string conversation, string incident) =>
        _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == conversation && c.Visible.Contains(incident),
            TimeSpan.FromSeconds(60), $"{incident}'s card in {conversation}");
}
