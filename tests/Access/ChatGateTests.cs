using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>/api/messages against the bot process: who may chat, and what the bot refuses before it does anything.</summary>
public sealed class ChatGateTests
{
    [Fact]
    public async Task Production_without_a_bot_identity_refuses_to_start()
    {
        var settings = ProductionSettings.With();
        settings.Remove("MicrosoftAppId");
        settings.Remove("MicrosoftAppPassword");
        var (exitCode, log) = await BotProcess.StartExpectingRefusalAsync(settings);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("without a Bot Framework identity", log);
        Assert.Contains("MicrosoftAppId", log);
    }

    [Fact]
    public async Task Production_refuses_strangers_and_says_why()
    {
        var metadata = Loopback.FreePort(); // nothing listens there: the sign-in metadata cannot be fetched
        await using var bot = await BotProcess.StartAsync(ProductionSettings.With(new Dictionary<string, string?>
        {
            ["ToBotFromChannelOpenIdMetadataUrl"] = $"http://127.0.0.1:{metadata}/v1/.well-known/openidconfiguration",
        }), environment: "Production");

        // A stranger's own host as the service URL: refused before anything else, whatever the token.
        var evil = await PostAsync(bot, Activity("conversationUpdate", "https://evil.example/"));
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        Assert.Contains("evil.example", await ProblemDetailAsync(evil));

        // Teams' own host without a token, and with one that cannot be checked: 401 with a reason, never a 500.
        var teams = Activity("message", "https://smba.trafficmanager.net/amer/", text: "status");
        var anonymous = await PostAsync(bot, teams);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Bot Framework token", await ProblemDetailAsync(anonymous));
        var unverifiable = await PostAsync(bot, teams, token: UnsignedToken());
        Assert.True(unverifiable.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable, $"answered {unverifiable.StatusCode}");
        Assert.NotEmpty(await ProblemDetailAsync(unverifiable));
        Assert.DoesNotContain("Exception", bot.Log);
    }

    [Theory]
    [InlineData("""{"type":"message","serviceUrl":"not a url","conversation":{"id":"a:1"},"text":"status"}""", "serviceUrl")]
    [InlineData("""{"type":"message","conversation":{"id":"a:1"},"text":"status"}""", "serviceUrl")]
    [InlineData("""{"type":"message","serviceUrl":{"evil":true},"conversation":{"id":"a:1"},"text":"status"}""", "serviceUrl")]
    [InlineData("""{"type":"message","serviceUrl":"SERVICE","text":"status"}""", "conversation")]
    [InlineData("""{"type":"message","serviceUrl":"SERVICE","conversation":{"name":"no id"},"text":"status"}""", "conversation")]
    [InlineData("""[1,2,3]""", "activity")]
    [InlineData("""{"type":"message","serviceUrl":"SERVICE","conversation":{"id":"a:1"},"value":{"verb":"resolve","incident":{"id":1}}}""", "value.incident")]
    public async Task Garbage_activities_get_400_with_the_reason(string body, string reason)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?>());
        var response = await PostAsync(bot, body.Replace("SERVICE", connector.Url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await ProblemDetailAsync(response));
        Assert.DoesNotContain("Exception", bot.Log);
    }

    [Fact]
    public async Task Bad_button_data_and_foreign_service_urls_change_nothing()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?> { ["OnCall:Engineers:0"] = "29:olga" });
        var chat = new BotClient(bot.Http, connector.Url);
        await chat.AddBotAsync("19:support@thread.tacv2");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(bot, Activity("conversationUpdate", "https://evil.example/", bot: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bot.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);
        await connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Card is not null, what: "the briefing in the allowed channel");

        // Olga presses Resolve with data of the wrong types: an invoke answer with statusCode 400 (Universal Actions
        // answer HTTP 200 whatever happened), and the incident stays open.
        var press = Activity("invoke", connector.Url, from: "29:olga");
        press["name"] = "adaptiveCard/action";
        press["value"] = new Dictionary<string, object?> { ["action"] = new Dictionary<string, object?> { ["type"] = "Action.Execute", ["verb"] = "resolve", ["data"] = new Dictionary<string, object?> { ["incident"] = "INC-1", ["confirm"] = "yes" } } };
        var refused = await PostAsync(bot, press);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var answer = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, answer.GetProperty("statusCode").GetInt32());
        Assert.Contains("confirm", answer.GetProperty("value").GetProperty("message").GetString());

        var incident = await bot.Http.GetFromJsonAsync<JsonElement>("/api/incidents/1");
        Assert.True(incident.GetProperty("open").GetBoolean());
        // Only the allowed channel ever got anything queued; the stranger's conversation was never subscribed.
        var outbox = await bot.Http.GetFromJsonAsync<JsonElement>("/api/admin/outbox");
        Assert.Equal(0, outbox.GetProperty("deadLetters").GetInt32());
        Assert.All(connector.Calls, c => Assert.Equal("19:support@thread.tacv2", c.ConversationId));
        Assert.DoesNotContain("evil.example/v3", bot.Log);
    }

    private static Dictionary<string, object?> Activity(string type, string serviceUrl, string? text = null, string from = "29:stranger", bool bot = false)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = type, ["id"] = Guid.NewGuid().ToString("N"), ["channelId"] = "msteams", ["serviceUrl"] = serviceUrl,
            ["conversation"] = new Dictionary<string, object?> { ["id"] = "19:stranger@thread.tacv2", ["conversationType"] = "channel", ["isGroup"] = true },
            ["from"] = new Dictionary<string, object?> { ["id"] = from, ["name"] = "Someone" },
            ["recipient"] = new Dictionary<string, object?> { ["id"] = BotClient.BotId, ["name"] = "SupportBot" },
        };
        if (text is not null) activity["text"] = text;
        if (bot) activity["membersAdded"] = new[] { new Dictionary<string, object?> { ["id"] = BotClient.BotId, ["name"] = "SupportBot" } };
        return activity;
    }

    private static Task<HttpResponseMessage> PostAsync(BotProcess bot, object activity, string? token = null) =>
        PostAsync(bot, JsonSerializer.Serialize(activity), token);

    private static Task<HttpResponseMessage> PostAsync(BotProcess bot, string body, string? token = null) => bot.PostActivityAsync(body, token);

    private static Task<string> ProblemDetailAsync(HttpResponseMessage response) => ChatDoor.ProblemDetailAsync(response);

    /// <summary>A well-formed JWT for this bot that nobody signed: checking it needs the sign-in metadata.</summary>
    private static string UnsignedToken()
    {
        static string Part(object o) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(o)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part(new { alg = "RS256", kid = "unknown-key", typ = "JWT" })}.{Part(new { iss = "https://api.botframework.com", aud = ProductionSettings.BotAppId, serviceurl = "https://smba.trafficmanager.net/amer/", nbf = 1, exp = 4102444800 })}.c2lnbmF0dXJl";
    }
}
