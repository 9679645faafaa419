using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

public sealed class BotAuthenticationTests
{
    [Fact]
    public async Task With_an_app_id_configured_unauthenticated_activities_are_refused()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "not-a-real-secret",
        });
        var chat = new BotClient(bot.CreateClient(), connector.Url);

        var response = await chat.SayAsync("19:support@thread.tacv2", "status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task Without_an_app_id_local_emulator_traffic_is_answered()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp();
        var chat = new BotClient(bot.CreateClient(), connector.Url);

        var response = await chat.SayAsync("emulator-conversation", "status", conversationType: "personal");

        Assert.True(response.IsSuccessStatusCode);
        await connector.WaitForAsync(c => c.Visible.Contains("All systems operational"), what: "the status answer");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public async Task A_malformed_bearer_token_is_refused_with_401_not_a_server_error(string? appId)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(new Dictionary<string, string?> { ["MicrosoftAppId"] = appId, ["MicrosoftAppPassword"] = appId is null ? null : "x" });
        var http = bot.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-jwt");
        var chat = new BotClient(http, connector.Url);

        var response = await chat.SayAsync("19:support@thread.tacv2", "status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }
}
