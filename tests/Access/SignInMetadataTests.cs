using System.Net;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>
/// A token the bot cannot check because the Bot Framework sign-in metadata is unreachable is not a forged token:
/// 503 with the reason and Retry-After, against the bot process in Production; with the metadata reachable (an HTTPS
/// stand-in the bot really fetches) a forged token is still a 401.
/// </summary>
public sealed class SignInMetadataTests
{
    private const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/";

    [Fact]
    public async Task Unreachable_sign_in_metadata_gets_503_with_the_reason_and_retry_after()
    {
        var closed = Loopback.FreePort();   // nothing listens there
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["ToBotFromChannelOpenIdMetadataUrl"] = $"https://127.0.0.1:{closed}/v1/.well-known/openidconfiguration",
        }), environment: "Production");

        var response = await PostAsync(bot, SignInMetadataStandIn.ForgedToken(ProductionSettings.BotAppId, TeamsServiceUrl));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 says when to try again");
        Assert.Contains("cannot verify Bot Framework tokens right now: sign-in metadata unreachable", await ProblemDetailAsync(response));
        // Without a token there is nothing to verify: still a 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(bot, token: null)).StatusCode);
        Assert.Contains("sign-in metadata", await bot.WaitForLogAsync("Cannot verify Bot Framework tokens"));
        Assert.DoesNotContain("Exception", bot.Log);
    }

    [Fact]
    public async Task Reachable_sign_in_metadata_and_a_forged_token_get_401()
    {
        await using var metadata = await SignInMetadataStandIn.StartAsync();
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(metadata.TrustSettings()), environment: "Production");

        var response = await PostAsync(bot, SignInMetadataStandIn.ForgedToken(ProductionSettings.BotAppId, TeamsServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not accepted", await ProblemDetailAsync(response));
        Assert.Contains("/v1/.well-known/keys", metadata.Requests);   // the keys were fetched: the signature was really checked
        Assert.DoesNotContain("sign-in metadata unreachable", bot.Log);
    }

    private static Task<HttpResponseMessage> PostAsync(BotProcess bot, string? token)
    {
        var activity = JsonSerializer.Serialize(new
        {
            type = "message", id = "1", channelId = "msteams", serviceUrl = TeamsServiceUrl, text = "status",
            conversation = new { id = "19:support@thread.tacv2", conversationType = "channel" },
            from = new { id = "29:someone" }, recipient = new { id = BotClient.BotId },
        });
        return bot.PostActivityAsync(activity, token);
    }

    private static Task<string> ProblemDetailAsync(HttpResponseMessage response) => ChatDoor.ProblemDetailAsync(response);
}
