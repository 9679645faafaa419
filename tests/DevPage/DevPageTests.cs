using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.DevPage;

public sealed class DevPageTests
{
    [Fact]
    public async Task Dev_page_does_not_exist_outside_development()
    {
        // Production refuses to start without its secrets, so give it them.
        await using var bot = new BotApp(ProductionSettings.With(), environment: "Production");
        var http = bot.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dev")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dev/cards.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/status")).StatusCode);
    }

    [Fact]
    public async Task Cards_json_holds_the_status_and_digest_cards_and_each_incidents_briefing_as_posted_to_teams()
    {
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        var json = JsonNode.Parse(await http.GetStringAsync("/dev/cards.json"))!;
        Assert.Equal("INC-1", (string?)json["incidents"]![0]!["id"]);
        var cards = json["cards"]!.AsArray();
        Assert.Equal(["status", "digest", "briefing-INC-1"], cards.Select(c => (string?)c!["id"]));
        Assert.All(cards, c =>
        {
            Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)c!["contentType"]);
            Assert.Equal("AdaptiveCard", (string?)c["card"]!["type"]);
            Assert.Equal("1.5", (string?)c["card"]!["version"]);
        });
        Assert.Contains("Checkout API 5xx rate above 5%", cards[2]!["card"]!.ToJsonString());
        Assert.Contains("checkout-api", cards[1]!["card"]!.ToJsonString()); // the digest counts today's incident
    }

    [Fact]
    public async Task Dev_page_serves_the_renderer_and_the_samples_and_nothing_else()
    {
        await using var bot = new BotApp();
        var http = bot.CreateClient();

        var page = await http.GetStringAsync("/dev");
        Assert.Contains("/dev/renderer/adaptivecards.min.js", page);
        Assert.DoesNotContain("https://", page);
        var renderer = await http.GetAsync("/dev/renderer/adaptivecards.min.js");
        Assert.Equal(HttpStatusCode.OK, renderer.StatusCode);
        Assert.Contains("AdaptiveCards", await renderer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dev/samples/alertmanager-firing.json")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dev/renderer/package.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dev/samples/..%2F..%2Fappsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dev/samples/nope.json")).StatusCode);
    }
}
