using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>Reads the stored incidents and derives the public status for one request.</summary>
public sealed class StatusPageService(IIncidentStore store, ServiceCatalog services, IOptions<StatusPageOptions> options, TimeProvider time)
{
    /// <summary>When this instance began publishing: the Last-Modified of a page that has never had an incident.</summary>
    private readonly DateTimeOffset _publishedSince = time.GetUtcNow();

    public DateTimeOffset PublishedSince => _publishedSince;

    public int CacheSeconds => options.Value.CacheSeconds;

    public async Task<StatusSnapshot> SnapshotAsync(HttpRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var baseUrl = string.IsNullOrWhiteSpace(o.PublicUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : o.PublicUrl;
        var incidents = await store.ListAsync(ct);
        return StatusDerivation.Derive(incidents, services, o.Title, baseUrl, o.HistoryDays, time.GetUtcNow(), _publishedSince);
    }
}
