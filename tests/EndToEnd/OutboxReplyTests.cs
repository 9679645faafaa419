using Microsoft.Bot.Builder;
using SupportBot.Channels;
using SupportBot.Outbox;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Threaded replies go through the same outbox as cards (here the embedded in-process one): after the card, under it, once.</summary>
public sealed class OutboxReplyTests : BotWithConnector
{

    [Fact]
    public async Task A_reply_queued_with_the_card_goes_out_after_it_in_its_thread_and_only_once()
    {
        await new BotClient(Http, Connector.Url).AddBotAsync(Channel);
        await Connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        var subscriber = Assert.Single(await Bot.Service<IBriefingChannelStore>().ListAsync(default)).Reference;

        // Queued in the same breath as the card: the outbox keeps them in order, so the reply finds the card's id.
        await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var outbox = Bot.Service<ChannelOutbox>();
        var reply = MessageFactory.Text("Payments team is on it.");
        Assert.True(await outbox.ReplyAsync(subscriber, "INC-1", "ack-1", reply, default));
        Assert.False(await outbox.ReplyAsync(subscriber, "INC-1", "ack-1", MessageFactory.Text("Payments team is on it."), default));

        var card = await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the card");
        var threaded = await Connector.WaitForAsync(c => c.Text == "Payments team is on it.", what: "the reply");
        // In a Teams channel the card's thread is the conversation "<channel id>;messageid=<card activity id>".
        Assert.Equal($"{Channel};messageid={card.ActivityId}", threaded.ConversationId);
        Assert.Single(Connector.Calls, c => c.Text == "Payments team is on it.");
    }
}
