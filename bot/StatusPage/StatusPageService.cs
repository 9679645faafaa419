using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>Reads the stored incidents and derives the public status for one request.</summary>
public sealed class StatusPageService(
    IIncidentStore store, ServiceCatalog services, IOptions<StatusPageOptions> options, IOptions<HostFilteringOptions> hosts, TimeProvider time)
{
    /// <summary>When this instance began publishing: the Last-Modified of a page that has never had an incident.</summary>
    private readonly DateTimeOffset _publishedSince = time.GetUtcNow();

    public DateTimeOffset PublishedSince => _publishedSince;

    public int CacheSeconds => options.Value.CacheSeconds;

    public async Task<StatusSnapshot> SnapshotAsync(HttpRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var incidents = await store.ListActiveSinceAsync(now - TimeSpan.FromDays(o.HistoryDays), ct);
        return StatusDerivation.Derive(incidents, services, o.Title, BaseUrl(request), o.HistoryDays, now, _publishedSince);
    }

    /// <summary>
    /// StatusPage:PublicUrl; else the request's host only when AllowedHosts names the hosts (the host filter has then
    /// refused any other); else nothing, and the pages link relatively. These pages are cached publicly: a forged
    /// Host header must never end up in their links.
    /// </summary>
    private string BaseUrl(HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl)) return options.Value.PublicUrl;
        var allowed = hosts.Value.AllowedHosts;
        var hostValidated = allowed is { Count: > 0 } && !allowed.Contains("*");
        return hostValidated ? $"{request.Scheme}://{request.Host}{request.PathBase}" : "";
    }
}
