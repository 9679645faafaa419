using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SupportBot.StatusPage;

/// <summary>The public, read-only, cache-friendly views: /status, /status.json, /status.atom, /status/alert-bar.js.</summary>
public static class StatusPageEndpoints
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly Lazy<string> AlertBarScript = new(() =>
    {
        using var stream = typeof(StatusPageEndpoints).Assembly.GetManifestResourceStream("SupportBot.StatusPage.alert-bar.js")
                           ?? throw new InvalidOperationException("alert-bar.js is not embedded in the assembly.");
        return new StreamReader(stream).ReadToEnd();
    });

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", async (HttpContext http, StatusPageService page, CancellationToken ct) =>
        {
            var s = await page.SnapshotAsync(http.Request, ct);
            return ConditionalResponse.Send(http, StatusHtml.Build(s), "text/html; charset=utf-8", s.UpdatedAt, page.CacheSeconds);
        }).AsPublicPage();

        app.MapGet("/status.json", async (HttpContext http, StatusPageService page, CancellationToken ct) =>
        {
            var s = await page.SnapshotAsync(http.Request, ct);
            AllowAnyOrigin(http);
            return ConditionalResponse.Send(http, StatusJson.Build(s).ToJsonString(Indented), "application/json; charset=utf-8", s.UpdatedAt, page.CacheSeconds);
        }).AsPublicPage();

        app.MapGet("/status.atom", async (HttpContext http, StatusPageService page, CancellationToken ct) =>
        {
            var s = await page.SnapshotAsync(http.Request, ct);
            var feed = StatusAtom.Build(s);
            AllowAnyOrigin(http);
            return ConditionalResponse.Send(http, $"{feed.Declaration}\n{feed}", "application/atom+xml; charset=utf-8", s.UpdatedAt, page.CacheSeconds);
        }).AsPublicPage();

        app.MapGet("/status/alert-bar.js", (HttpContext http, StatusPageService page) =>
            ConditionalResponse.Send(http, AlertBarScript.Value, "text/javascript; charset=utf-8", page.PublishedSince, 300)).AsPublicPage();

        return app;
    }

    /// <summary>Public data, read by scripts on other sites (the alert bar, feed readers).</summary>
    private static void AllowAnyOrigin(HttpContext http) => http.Response.Headers.AccessControlAllowOrigin = "*";
}
