using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.StatusPage;

/// <summary>The public endpoints over HTTP on the real bot: configured services, conditional requests, cache headers.</summary>
public sealed class StatusPageHttpTests
{
    [Fact]
    public async Task Status_json_revalidates_with_etag_and_last_modified_until_the_status_changes()
    {
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        var first = await http.GetAsync("/status.json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), first.Headers.CacheControl!.MaxAge);
        Assert.True(first.Headers.CacheControl.Public);
        Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;
        var json = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal("major_outage", (string?)json["components"]![0]!["status"]);

        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(http, "/status.json", r => r.Headers.IfNoneMatch.Add(etag))).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(http, "/status.json", r => r.Headers.IfModifiedSince = lastModified)).StatusCode);

        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        var changed = await SendAsync(http, "/status.json", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal("All systems operational", (string?)JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["status"]!["description"]);
    }

    [Fact]
    public async Task Html_and_atom_and_the_alert_bar_script_are_served_with_cache_validators()
    {
        await using var bot = new BotApp();
        var http = bot.CreateClient();
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        foreach (var (path, type) in new[] { ("/status", "text/html"), ("/status.atom", "application/atom+xml"), ("/status/alert-bar.js", "text/javascript") })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.NotNull(response.Headers.ETag);
            Assert.NotNull(response.Content.Headers.LastModified);
            Assert.NotNull(response.Headers.CacheControl!.MaxAge);
        }
        var html = await http.GetStringAsync("/status");
        Assert.Contains("Checkout API 5xx rate above 5%", html);
        Assert.Contains("""<h2 id="overall">""", html);
    }

    [Fact]
    public async Task Only_configured_services_appear_under_their_public_names()
    {
        await using var bot = new BotApp(new Dictionary<string, string?>
        {
            ["StatusPage:Services:0:Service"] = "search-api",
            ["StatusPage:Services:0:Name"] = "Product search",
            ["StatusPage:Services:1:Service"] = "",
            ["StatusPage:Services:2:Service"] = "",
        });
        var http = bot.CreateClient();
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));

        var json = JsonNode.Parse(await http.GetStringAsync("/status.json"))!;
        Assert.Equal(["Product search"], json["components"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Empty(json["incidents"]!.AsArray());
        Assert.Equal("none", (string?)json["status"]!["indicator"]);

        var html = await http.GetStringAsync("/status");
        Assert.Contains("All systems operational", html);
        Assert.DoesNotContain("Checkout", html);
        Assert.DoesNotContain("Checkout", await http.GetStringAsync("/status.atom"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        return http.SendAsync(request);
    }
}
