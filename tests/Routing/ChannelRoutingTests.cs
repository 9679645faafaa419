using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Routing;

/// <summary>
/// Each channel gets what it asked for, through the real bot and the Bot Connector stand-in: "subscribe here" with a
/// filter in chat, a route an admin configured, cards and thread replies only where a channel follows the incident,
/// and "status" answering for everything. Run on the in-process stores and on a real redis-server.
/// </summary>
public abstract class ChannelRoutingTests : BotWithConnector
{
    private const string General = Channel;
    private const string CheckoutTeam = "19:checkout-team@thread.tacv2";
    private const string OrdersTeam = "19:orders-team@thread.tacv2";   // configured: Routing:Routes:0
    private const string Olga = "29:olga";

    protected abstract Dictionary<string, string?> StoreSettings();

    protected override BotApp CreateBot()
    {
        var settings = StoreSettings();
        settings["OnCall:Engineers:0"] = Olga;
        settings["Routing:Routes:0:Service"] = "orders-api";
        settings["Routing:Routes:0:MinSeverity"] = "major";
        settings["Routing:Routes:0:Conversation"] = OrdersTeam;
        settings["Routing:Routes:0:ServiceUrl"] = Connector.Url;
        return new BotApp(settings);
    }

    [Fact]
    public async Task A_channel_sets_sees_and_ends_its_filter_in_chat_and_bad_filter_text_changes_nothing()
    {
        await AddBotAndWaitAsync(CheckoutTeam);

        var set = await AskAsync(CheckoutTeam, "<at>SupportBot</at> subscribe here service checkout-api, orders-api severity major");
        Assert.Contains("now gets outage briefings for checkout-api, orders-api, major or worse (before: every service, any severity)", set.Text);

        Assert.Contains("gets outage briefings for checkout-api, orders-api, major or worse", (await AskAsync(CheckoutTeam, "subscriptions here")).Text);

        var bad = await AskAsync(CheckoutTeam, "subscribe here service checkout-api severity urgent");
        Assert.Contains("\"urgent\" is not a severity; use critical, major, minor or info", bad.Text);
        Assert.Contains("Nothing changed", bad.Text);
        Assert.Contains("subscribe here service checkout-api,orders-api severity major", bad.Text);
        var noService = await AskAsync(CheckoutTeam, "subscribe here service severity critical");
        Assert.Contains("Name at least one service", noService.Text);
        Assert.Contains("gets outage briefings for checkout-api, orders-api, major or worse", (await AskAsync(CheckoutTeam, "subscriptions here")).Text);

        var all = await AskAsync(CheckoutTeam, "subscribe here all");
        Assert.Contains("now gets outage briefings for every service, any severity (before: checkout-api, orders-api, major or worse)", all.Text);
        Assert.Contains("already gets outage briefings for every service, any severity", (await AskAsync(CheckoutTeam, "subscribe here")).Text);

        Assert.Contains("will no longer get outage briefings", (await AskAsync(CheckoutTeam, "unsubscribe here")).Text);
        Assert.Contains("gets no outage briefings", (await AskAsync(CheckoutTeam, "subscriptions here")).Text);
        Assert.Contains("will now get outage briefings for every service, critical only", (await AskAsync(CheckoutTeam, "Subscribe here severity CRITICAL.")).Text);
    }

    [Fact]
    public async Task Service_names_typed_into_a_filter_are_shown_back_as_literal_text()
    {
        await AddBotAndWaitAsync(CheckoutTeam);

        var reply = await AskAsync(CheckoutTeam, "subscribe here service [phish](https://evil.example/p),*bold*,<at>Everyone</at>");

        Assert.Contains(@"\[phish\]\(https\://evil\.example/p\)", reply.Text);
        Assert.Contains(@"\*bold\*", reply.Text);
        Assert.Contains(@"\<at\>Everyone\</at\>", reply.Text);
        Assert.DoesNotContain("[phish](", reply.Text);
    }

    [Fact]
    public async Task A_filtered_channel_gets_no_card_for_another_service_and_gets_the_card_when_the_severity_rises()
    {
        await AddBotAndWaitAsync(General);
        await AddBotAndWaitAsync(CheckoutTeam);
        await AskAsync(CheckoutTeam, "subscribe here service checkout-api severity critical");

        // INC-1: another service. INC-2: checkout-api, but only major.
        await WebhookAsync(AlertmanagerPayload.For("Orders queue backed up", service: "orders-api", severity: "critical"));
        await WebhookAsync(AlertmanagerPayload.For("Checkout latency high", service: "checkout-api", severity: "warning"));
        await CardAsync(General, "INC-1");
        await CardAsync(General, "INC-2");
        await AskAsync(General, "update 1 identified: a stuck consumer", Olga);
        await Connector.WaitForAsync(c => c.ConversationId.StartsWith(General, StringComparison.Ordinal) && c.Visible.Contains("a stuck consumer") && c.ReplyToId is null && c.ConversationId.Contains(";messageid="),
            what: "the update in INC-1's thread in the general channel");
        await OutboxDrain.WaitUntilSentAsync(null, Bot);
        Assert.DoesNotContain(Connector.Calls, c => c.ConversationId.StartsWith(CheckoutTeam, StringComparison.Ordinal) && c.Visible.Contains("INC-"));
        Assert.DoesNotContain(Connector.Calls, c => c.ConversationId.StartsWith(CheckoutTeam, StringComparison.Ordinal) && c.Visible.Contains("a stuck consumer"));

        // On-call raises INC-2 to critical: now the checkout team follows it, and gets its card then.
        await AskAsync(General, "severity 2 critical", Olga);
        var card = await CardAsync(CheckoutTeam, "INC-2");
        Assert.Contains("CRITICAL", card.Visible);
        Assert.Contains("Checkout latency high", card.Visible);

        // status in the filtered channel still answers for everything, and says what the channel follows.
        var status = await AskAsync(CheckoutTeam, "status");
        Assert.Contains("INC-1", status.Visible);
        Assert.Contains("INC-2", status.Visible);
        Assert.Contains("Briefings in this channel: checkout-api, critical only. This list shows every open incident.", status.Visible);
        var general = await AskAsync(General, "status");
        Assert.DoesNotContain("Briefings in this channel", general.Visible);

        await OutboxDrain.WaitUntilSentAsync(null, Bot);
        Assert.DoesNotContain(Connector.Posts, c => c.ConversationId == CheckoutTeam && c.Visible.Contains("INC-1"));
    }

    [Fact]
    public async Task A_configured_route_gets_its_services_cards_and_is_not_changed_in_chat()
    {
        await WebhookAsync(AlertmanagerPayload.For("Checkout down", service: "checkout-api", severity: "critical"));
        await WebhookAsync(AlertmanagerPayload.For("Orders slow", service: "orders-api", severity: "warning"));
        await WebhookAsync(AlertmanagerPayload.For("Orders failing", service: "Orders-API", severity: "major"));

        var card = await CardAsync(OrdersTeam, "INC-3");
        Assert.Contains("Orders failing", card.Visible);
        await OutboxDrain.WaitUntilSentAsync(null, Bot);
        Assert.Equal(["INC-3"], Connector.Posts.Where(c => c.ConversationId == OrdersTeam).Select(c => c.Visible.Contains("INC-3") ? "INC-3" : c.Visible));

        var shown = await AskAsync(OrdersTeam, "subscriptions here");
        Assert.Contains("An admin set up this conversation's briefings (Routing:Routes:0): it gets them for orders-api, major or worse", shown.Text);
        Assert.Contains("Routing:Routes:0", (await AskAsync(OrdersTeam, "unsubscribe here")).Text);
        Assert.Contains("Routing:Routes:0", (await AskAsync(OrdersTeam, "subscribe here all")).Text);

        // Still routed: a new critical orders-api incident comes here.
        await WebhookAsync(AlertmanagerPayload.For("Orders database down", service: "orders-api", severity: "critical"));
        await CardAsync(OrdersTeam, "INC-4");
    }

    private Task<ConnectorCall> CardAsync(string conversation, string incident) =>
        Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == conversation && c.Visible.Contains(incident),
            timeout: TimeSpan.FromSeconds(30), what: $"{incident}'s card in {conversation}");

    private async Task WebhookAsync(HttpContent payload)
    {
        var response = await Http.PostAsync("/api/webhooks/alertmanager", payload);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}

public sealed class InMemoryChannelRoutingTests : ChannelRoutingTests
{
    protected override Dictionary<string, string?> StoreSettings() => [];
}

public sealed class RedisChannelRoutingTests(RedisServer redis) : ChannelRoutingTests, IClassFixture<RedisServer>
{
    protected override Dictionary<string, string?> StoreSettings() => EndToEnd.Redis.RedisBot.Settings(redis, RedisServer.NewPrefix());
}
