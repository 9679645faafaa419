using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>
/// Webhooks skip the middlewares of the other doors (internal API sign-in, public-page limits, the chat gate): against
/// the bot process in Production, a webhook still needs its source's credential, gets its receipt or a problem that
/// says what is wrong, is refused when too large, is counted and logged; the other doors keep their middlewares.
/// </summary>
public sealed class WebhookShortPipelineTests
{
    private static Dictionary<string, string?> Settings() => ProductionSettings.With(new Dictionary<string, string?>
    {
        ["Webhooks:MaxBodyBytes"] = "8192",
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
    });

    [Fact]
    public async Task A_webhook_in_production_still_needs_its_credential_gets_its_receipt_and_is_counted_and_logged()
    {
        await using var bot = await BotProcess.StartAsync(Settings(), environment: "Production");
        var firing = Fixtures.Text("alertmanager-firing.json");

        var missing = await PostAsync(bot.Http, firing, token: null);
        var wrong = await PostAsync(bot.Http, firing, token: ProductionSettings.WebhookToken + "x");
        foreach (var refused in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer realm=\"supportbot\"", refused.Headers.WwwAuthenticate.ToString());
        }

        var accepted = await PostAsync(bot.Http, firing, ProductionSettings.WebhookToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var receipt = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        Assert.True(receipt.GetProperty("accepted").GetInt32() >= 1);
        Assert.Equal(0, receipt.GetProperty("rejected").GetArrayLength());
        Assert.Equal("INC-1", receipt.GetProperty("changedIncidents")[0].GetString());

        var huge = "{\"alerts\":[" + string.Join(',', Enumerable.Repeat("{\"labels\":{\"alertname\":\"x\"}}", 400)) + "]}";
        var tooLarge = await PostAsync(bot.Http, huge, ProductionSettings.WebhookToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than the limit of 8192 bytes", await tooLarge.Content.ReadAsStringAsync());

        var notJsonType = await PostAsync(bot.Http, firing, ProductionSettings.WebhookToken, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJsonType.StatusCode);
        Assert.Equal("application/problem+json", notJsonType.Content.Headers.ContentType?.MediaType);
        Assert.Contains("must be JSON", await notJsonType.Content.ReadAsStringAsync());
        // Any spelling of a JSON type is still one (the usual one is recognised without parsing it).
        foreach (var json in new[] { "Application/JSON; Charset=UTF-8", "application/vnd.alertmanager+json", "text/json" })
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(bot.Http, firing, ProductionSettings.WebhookToken, contentType: json)).StatusCode);

        var notJson = await PostAsync(bot.Http, "{not json", ProductionSettings.WebhookToken);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("Body is not valid JSON", JsonDocument.Parse(await notJson.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());

        // The request log line of a webhook, as for any request.
        await bot.WaitForLogAsync("/api/webhooks/alertmanager");

        // Counted by outcome; /metrics is the internal API's: it still wants the admin credential.
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.GetAsync("/metrics")).StatusCode);
        using var admin = new HttpClient { BaseAddress = bot.Http.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProductionSettings.AdminToken);
        var scrape = await MetricsScrape.FromAsync(admin);
        const string name = "supportbot_webhooks_received_total";
        Assert.Equal(4, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "accepted")));
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "rejected"), ("reason", "unsupported_content_type")));
        Assert.Equal(2, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "unauthorized")));
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "rejected"), ("reason", "payload_too_large")));
        Assert.Equal(1, scrape.Sum(name, ("source", "alertmanager"), ("outcome", "rejected"), ("reason", "body_is_not_valid_json")));

        // The internal API behind the skipped middlewares still refuses a webhook's credential.
        using var webhookCaller = new HttpClient { BaseAddress = bot.Http.BaseAddress };
        webhookCaller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProductionSettings.WebhookToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await webhookCaller.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task Other_methods_and_unknown_sources_on_the_webhook_path_get_a_problem_not_a_bare_status()
    {
        await using var bot = await BotProcess.StartAsync(Settings(), environment: "Production");

        var get = await bot.Http.GetAsync("/api/webhooks/alertmanager");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        var unknown = await PostAsync(bot.Http, Fixtures.Text("alertmanager-firing.json"), ProductionSettings.WebhookToken, source: "made-up");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Known sources:", await unknown.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? token, string source = "alertmanager",
        string contentType = "application/json; charset=utf-8")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{source}") { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
