using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Alerts;
using SupportBot.Channels;
using SupportBot.Storage.InMemory;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Routing;

/// <summary>Routing:Routes:N as an admin writes it: refused at start when it cannot work, and what a route sends where.</summary>
public sealed class RoutingSettingsTests
{
    [Fact]
    public void Invalid_routes_refuse_the_start_naming_each_setting()
    {
        using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["Routing:Routes:0:Service"] = "checkout-api",
            ["Routing:Routes:0:MinSeverity"] = "urgent",
            ["Routing:Routes:0:Conversation"] = "19:checkout@thread.tacv2",
            ["Routing:Routes:1:Service"] = "orders-api",
            ["Routing:Routes:2:Service"] = "*",
            ["Routing:Routes:2:Conversation"] = "19:all@thread.tacv2",
            ["Routing:Routes:2:ServiceUrl"] = "https://evil.example/teams/",
            ["Routing:Routes:3:Conversation"] = "19:x@thread.tacv2",
            ["Routing:Routes:4:Service"] = "search",
            ["Routing:Routes:4:Conversation"] = "19:search@thread.tacv2",
            ["Routing:Routes:4:ChannelId"] = "webchat",
        });

        var message = Assert.IsType<OptionsValidationException>(Assert.ThrowsAny<Exception>(() => bot.CreateClient()).GetBaseException()).Message;

        Assert.Contains("Routing:Routes:0:MinSeverity: \"urgent\" is not a severity; use critical, major, minor or info.", message);
        Assert.Contains("Routing:Routes:1:Conversation is required", message);
        Assert.Contains("Routing:Routes:2:ServiceUrl 'https://evil.example/teams/' is not one of Bot:AllowedServiceUrls", message);
        Assert.Contains("Routing:Routes:3:Service is required", message);
        Assert.Contains("Routing:Routes:4:ServiceUrl is required for channel 'webchat'", message);
    }

    [Fact]
    public async Task A_route_posts_through_the_reference_the_bot_learned_else_through_Teams_own_endpoint()
    {
        IBriefingChannelStore store = new InMemoryBriefingChannelStore();
        var routing = new RoutingOptions
        {
            Routes =
            [
                new RouteOptions { Service = "checkout-api,payments", MinSeverity = "critical", Conversation = "19:checkout@thread.tacv2" },
                new RouteOptions { Service = "orders-api", Conversation = "19:checkout@thread.tacv2" },
                new RouteOptions { Service = "*", MinSeverity = "major", Conversation = "19:major@thread.tacv2", TenantId = "tenant-9" },
            ],
        };
        var audience = new BriefingAudience(store, Options.Create(routing), Options.Create(new ChatAccessOptions { AppId = "app-1", AppTenantId = "tenant-1" }));
        // The bot was added to the checkout channel, which told it its service URL; then an admin routed it.
        await store.AddAsync(new ConversationReference
        {
            ChannelId = "msteams", ServiceUrl = "https://smba.trafficmanager.net/emea/",
            Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:checkout@thread.tacv2"),
        }, default);

        var channels = (await audience.ListAsync(default)).ToDictionary(c => c.Id);

        var checkout = channels["19:checkout@thread.tacv2"];
        Assert.Equal("https://smba.trafficmanager.net/emea/", checkout.Reference.ServiceUrl);
        Assert.Equal([0, 1], checkout.Routes);
        Assert.True(checkout.Follows("payments", Severity.Critical));
        Assert.False(checkout.Follows("payments", Severity.Major));
        Assert.True(checkout.Follows("Orders-API", Severity.Info));
        Assert.False(checkout.Follows("search", Severity.Critical));
        Assert.Equal("checkout-api, payments, critical only; orders-api, any severity", checkout.Describe());

        var major = channels["19:major@thread.tacv2"];
        Assert.Equal(RouteOptions.TeamsServiceUrl, major.Reference.ServiceUrl);
        Assert.Equal("channel", major.Reference.Conversation.ConversationType);
        Assert.Equal("tenant-9", major.Reference.Conversation.TenantId);
        Assert.Equal("28:app-1", major.Reference.Bot.Id);
        Assert.True(major.Follows("anything", Severity.Major));
        Assert.False(major.Follows("anything", Severity.Minor));
    }

    [Theory]
    [InlineData("", "every service, any severity")]
    [InlineData("all", "every service, any severity")]
    [InlineData("service checkout-api,orders-api severity major", "checkout-api, orders-api, major or worse")]
    [InlineData("severity p1 services a , b,a", "a, b, critical only")]
    [InlineData("SERVICE checkout-api", "checkout-api, any severity")]
    public void Filter_text_reads_services_and_a_severity_in_either_order(string text, string described)
    {
        var parsed = ChannelFilterText.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Null(parsed.Problem);
        Assert.Equal(described, parsed.Filter!.Describe());
    }

    [Theory]
    [InlineData("service", "Name at least one service")]
    [InlineData("severity", "Say which severity")]
    [InlineData("severity urgent", "\"urgent\" is not a severity")]
    [InlineData("service a severity major severity minor", "Say **severity** once")]
    [InlineData("service checkout-api critical", "is not one service name")]
    [InlineData("everything", "I don't understand \"everything\"")]
    public void Bad_filter_text_says_what_is_wrong(string text, string problem)
    {
        var parsed = ChannelFilterText.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Null(parsed.Filter);
        Assert.Contains(problem, parsed.Problem);
    }
}
