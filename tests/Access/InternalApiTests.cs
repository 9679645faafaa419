using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>The internal endpoints against the bot process in Production: nothing without the admin credential.</summary>
public sealed class InternalApiTests : IAsyncLifetime
{
    private static readonly string[] InternalPaths =
        ["/api/incidents", "/api/incidents?open=true", "/api/incidents/1", "/api/incidents/INC-1", "/api/admin/outbox", "/api/admin/outbox/dead-letters", "/api/runtime"];

    private BotProcess _bot = null!;

    public async Task InitializeAsync() => _bot = await BotProcess.StartAsync(ProductionSettings.With(), environment: "Production");

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Strangers_get_401_with_a_bearer_challenge_and_a_problem_body()
    {
        await PostAlertAsync("alertmanager-firing.json");
        foreach (var path in InternalPaths)
        {
            foreach (var credential in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong"), new("Bearer", ProductionSettings.WebhookToken), new("Basic", ProductionSettings.AdminToken) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = credential;
                var response = await _bot.Http.SendAsync(request);

                Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{path} with '{credential}' answered {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("Bearer realm=\"supportbot\"", response.Headers.WwwAuthenticate.ToString());
                Assert.DoesNotContain("checkout", await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task The_admin_token_opens_every_internal_endpoint()
    {
        await PostAlertAsync("alertmanager-firing.json");
        foreach (var path in InternalPaths)
            Assert.True(HttpStatusCode.OK == (await GetAsAdminAsync(path)).StatusCode, path);
    }

    [Fact]
    public async Task Incidents_come_in_pages_newest_first_without_the_stored_record()
    {
        foreach (var summary in new[] { "Search is slow", "Orders fail", "Checkout is down" })
            await PostAsync(AlertmanagerPayload.For(summary));

        var first = await ReadAsync(await GetAsAdminAsync("/api/incidents?limit=2"));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(["INC-3", "INC-2"], first.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray());
        Assert.False(first.GetProperty("incidents")[0].TryGetProperty("timeline", out _), "a list shows no timeline");
        Assert.False(first.GetProperty("incidents")[0].TryGetProperty("groupKey", out _), "a list is not the stored record");

        var second = await ReadAsync(await GetAsAdminAsync(first.GetProperty("next").GetString()!));
        Assert.Equal("INC-1", Assert.Single(second.GetProperty("incidents").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var capped = await ReadAsync(await GetAsAdminAsync("/api/incidents?limit=100000"));
        Assert.Equal(200, capped.GetProperty("limit").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsAdminAsync("/api/incidents?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Runtime_figures_no_longer_force_a_garbage_collection()
    {
        var before = await ReadAsync(await GetAsAdminAsync("/api/runtime"));
        for (var i = 0; i < 5; i++) await GetAsAdminAsync("/api/runtime?collect=true");
        var after = await ReadAsync(await GetAsAdminAsync("/api/runtime"));
        Assert.True(after.GetProperty("gen2Collections").GetInt32() - before.GetProperty("gen2Collections").GetInt32() < 5,
            "each ?collect=true forced a full collection");
    }

    [Fact]
    public async Task The_root_leads_to_the_public_status_page_not_to_the_internal_api()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_bot.Url) };
        var root = await noRedirects.GetAsync("/");
        Assert.DoesNotContain("/api/", root.Headers.Location?.ToString() ?? "");
        var followed = await _bot.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal("/status", followed.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Production_without_an_admin_credential_refuses_to_start()
    {
        var settings = ProductionSettings.With();
        settings.Remove("Admin:Token");
        var (exitCode, log) = await BotProcess.StartExpectingRefusalAsync(settings);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Admin:Token", log);
    }

    private Task PostAlertAsync(string fixture) => PostAsync(Fixtures.Json(fixture));

    private async Task PostAsync(HttpContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/alertmanager") { Content = body };
        request.Headers.Authorization = new("Bearer", ProductionSettings.WebhookToken);
        var response = await _bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task<HttpResponseMessage> GetAsAdminAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", ProductionSettings.AdminToken);
        return _bot.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>Notes are for on-call: the API shows them only to a caller with the admin credential.</summary>
public sealed class IncidentNotesTests
{
    [Fact]
    public async Task Notes_show_only_to_a_caller_with_the_admin_credential()
    {
        await using var open = new BotApp();
        await using var guarded = new BotApp(new Dictionary<string, string?> { ["Admin:Token"] = ProductionSettings.AdminToken });
        foreach (var bot in new[] { open, guarded })
        {
            var http = bot.CreateClient();
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);
            await bot.Service<IncidentCommands>().AddNoteAsync(1, new Person("oncall-1", "Olga"), "db password is hunter2", CancellationToken.None);
        }

        var anonymous = await open.CreateClient().GetStringAsync("/api/incidents/1");
        Assert.DoesNotContain("hunter2", anonymous);

        var guardedHttp = guarded.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await guardedHttp.GetAsync("/api/incidents/1")).StatusCode);
        guardedHttp.DefaultRequestHeaders.Authorization = new("Bearer", ProductionSettings.AdminToken);
        Assert.Contains("hunter2", await guardedHttp.GetStringAsync("/api/incidents/1"));
    }
}
