using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Who may post alerts: per-source bearer, basic and HMAC credentials, and the refusal to run open in production.</summary>
public sealed class WebhookAuthTests
{
    private const string Token = "s3cret-token-for-alertmanager";
    private const string HmacSecret = "grafana-hmac-key";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 5, 0, TimeSpan.Zero);

    private static BotApp SecuredBot(FakeTimeProvider? time = null, string environment = "Development") => new(new Dictionary<string, string?>
    {
        ["Webhooks:Sources:alertmanager:Auth:Scheme"] = "Bearer",
        ["Webhooks:Sources:alertmanager:Auth:Token"] = Token,
        ["Webhooks:Sources:nagios:Auth:Scheme"] = "Basic",
        ["Webhooks:Sources:nagios:Auth:Username"] = "nagios",
        ["Webhooks:Sources:nagios:Auth:Password"] = "pa:ss wörd",
        ["Webhooks:Sources:grafana:Auth:Scheme"] = "Hmac",
        ["Webhooks:Sources:grafana:Auth:Secret"] = HmacSecret,
        ["Webhooks:Sources:grafana:Auth:SignatureHeader"] = "X-Grafana-Alerting-Signature",
        ["Webhooks:Sources:grafana:Auth:TimestampHeader"] = "X-Grafana-Alerting-Timestamp",
        ["Webhooks:Sources:grafana:Auth:ReplayWindowSeconds"] = "300",
        // Every other source shares one token.
        ["Webhooks:Auth:Scheme"] = "Bearer",
        ["Webhooks:Auth:Token"] = "shared-token",
        ["Admin:Token"] = environment == "Production" ? ProductionSettings.AdminToken : "",
        ["MicrosoftAppId"] = environment == "Production" ? ProductionSettings.BotAppId : "",
        ["MicrosoftAppPassword"] = environment == "Production" ? "bot-client-secret" : "",
    }, services => { if (time is not null) services.Replace<TimeProvider>(time); }, environment);

    [Fact]
    public async Task Bearer_token_lets_alerts_in_and_anything_else_gets_the_same_bare_401()
    {
        await using var bot = SecuredBot();
        var http = bot.CreateClient();

        var refusals = new List<string>();
        foreach (var header in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong"), new("Bearer", Token + "x"), new("Basic", Token), new("Bearer", "shared-token") })
        {
            var response = await SendAsync(http, "alertmanager", Fixtures.Text("alertmanager-firing.json"), r => r.Headers.Authorization = header);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer realm=\"supportbot\"", response.Headers.WwwAuthenticate.ToString());
            refusals.Add(await response.Content.ReadAsStringAsync());
        }
        // No hint of which part failed: every refusal reads the same.
        Assert.Single(refusals.Select(WithoutTraceId).Distinct());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/incidents")).GetProperty("total").GetInt32());

        var accepted = await SendAsync(http, "alertmanager", Fixtures.Text("alertmanager-firing.json"), r => r.Headers.Authorization = new("Bearer", Token));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Sources_without_their_own_auth_use_the_shared_credentials()
    {
        await using var bot = SecuredBot();
        var http = bot.CreateClient();
        var denied = await SendAsync(http, "datadog", Fixtures.Text("datadog-1-triggered.json"), r => r.Headers.Authorization = new("Bearer", Token));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        var accepted = await SendAsync(http, "datadog", Fixtures.Text("datadog-1-triggered.json"), r => r.Headers.Authorization = new("Bearer", "shared-token"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Azure_monitor_may_carry_its_token_in_the_url_when_allowed()
    {
        await using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:azure-monitor:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:azure-monitor:Auth:Token"] = "azure-token",
            ["Webhooks:Sources:azure-monitor:Auth:QueryParameter"] = "token",
            ["Webhooks:Sources:datadog:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:datadog:Auth:Token"] = "datadog-token",
        });
        var http = bot.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/azure-monitor?token=azure-token", Fixtures.Json("azure-monitor-1-fired.json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/webhooks/azure-monitor?token=wrong", Fixtures.Json("azure-monitor-1-fired.json"))).StatusCode);
        // Only where configured: other sources never read a token from the URL.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/webhooks/datadog?token=datadog-token", Fixtures.Json("datadog-1-triggered.json"))).StatusCode);
    }

    [Fact]
    public async Task Basic_auth_needs_both_user_and_password()
    {
        await using var bot = SecuredBot();
        var http = bot.CreateClient();
        var body = Fixtures.Text("nagios-1-problem.json");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "nagios", body, r => r.Headers.Authorization = Basic("nagios", "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "nagios", body, r => r.Headers.Authorization = Basic("icinga", "pa:ss wörd"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "nagios", body, r => r.Headers.Authorization = new("Basic", "not base64!"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(http, "nagios", body, r => r.Headers.Authorization = Basic("nagios", "pa:ss wörd"))).StatusCode);
    }

    [Fact]
    public async Task Hmac_signature_must_match_the_body_and_be_fresh()
    {
        var time = new FakeTimeProvider(Now);
        await using var bot = SecuredBot(time);
        var http = bot.CreateClient();
        var body = Fixtures.Text("grafana-1-firing.json");
        var stamp = Now.ToUnixTimeSeconds().ToString();

        // Signed as Grafana signs: hex HMAC-SHA256 of "{timestamp}:{body}".
        var tampered = await SendAsync(http, "grafana", body.Replace("3.412", "0.001"), Signed(body, stamp));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        var wrongKey = await SendAsync(http, "grafana", body, Signed(body, stamp, "other-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        var unsigned = await SendAsync(http, "grafana", body, _ => { });
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        var fresh = await SendAsync(http, "grafana", body, Signed(body, stamp));
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);

        // The same signed request replayed after the window has closed.
        time.Advance(TimeSpan.FromSeconds(301));
        var replay = await SendAsync(http, "grafana", body, Signed(body, stamp));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Null(replay.Headers.WwwAuthenticate.FirstOrDefault());

        var resigned = await SendAsync(http, "grafana", body, Signed(body, time.GetUtcNow().ToUnixTimeSeconds().ToString()));
        Assert.Equal(HttpStatusCode.Accepted, resigned.StatusCode);
    }

    [Fact]
    public void Production_without_secrets_refuses_to_start_and_names_the_open_sources()
    {
        using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:alertmanager:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:alertmanager:Auth:Token"] = Token,
            ["Webhooks:Sources:zabbix:Enabled"] = "false",
            ["Admin:Token"] = ProductionSettings.AdminToken,
            ["MicrosoftAppId"] = ProductionSettings.BotAppId,
            ["MicrosoftAppPassword"] = "bot-client-secret",
        }, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => bot.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        var message = validation.Message;
        Assert.Contains("No webhook secret is configured for: azure-monitor, datadog, grafana, nagios.", message);
        Assert.DoesNotContain("zabbix", message);
        Assert.Contains("Webhooks:Sources:<name>:Auth", message);
    }

    [Fact]
    public async Task Production_with_secrets_starts_and_checks_them()
    {
        await using var bot = SecuredBot(environment: "Production");
        var http = bot.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "zabbix", Fixtures.Text("zabbix-1-problem.json"), _ => { })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(http, "zabbix", Fixtures.Text("zabbix-1-problem.json"),
            r => r.Headers.Authorization = new("Bearer", "shared-token"))).StatusCode);
    }

    [Fact]
    public void Misconfigured_sources_stop_the_start_with_what_to_fix()
    {
        using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:kuma:Type"] = "generic",
            ["Webhooks:Sources:kuma:Mapping:Status"] = "heartbeat..status",
            ["Webhooks:Sources:nagios:Severities:WARNING"] = "purple",
            ["Webhooks:Sources:prometheus:Enabled"] = "true",
        });

        var message = Assert.IsType<OptionsValidationException>(Assert.ThrowsAny<Exception>(() => bot.CreateClient()).GetBaseException()).Message;
        Assert.Contains("Webhooks:Sources:kuma: Mapping:Fingerprint is required", message);
        Assert.Contains("Mapping:Status 'heartbeat..status' is not a path", message);
        Assert.Contains("Webhooks:Sources:nagios:Severities:WARNING is 'purple'", message);
        Assert.Contains("Webhooks:Sources:prometheus: there is no built-in source 'prometheus'", message);
    }

    [Fact]
    public async Task A_disabled_source_is_not_there()
    {
        await using var bot = new BotApp(new Dictionary<string, string?> { ["Webhooks:Sources:datadog:Enabled"] = "false" });
        var response = await bot.CreateClient().PostAsync("/api/webhooks/datadog", Fixtures.Json("datadog-1-triggered.json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Known sources: alertmanager, azure-monitor, grafana, nagios, zabbix.", await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string source, string body, Action<HttpRequestMessage> sign)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        sign(request);
        return http.SendAsync(request);
    }

    private static Action<HttpRequestMessage> Signed(string body, string stamp, string secret = HmacSecret) => request =>
    {
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{stamp}:{body}")));
        request.Headers.Add("X-Grafana-Alerting-Signature", signature);
        request.Headers.Add("X-Grafana-Alerting-Timestamp", stamp);
    };

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string WithoutTraceId(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", "");
}
