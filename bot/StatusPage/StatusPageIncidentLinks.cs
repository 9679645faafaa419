using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>
/// An incident's anchor on the public status page ({StatusPage:PublicUrl}/status#INC-n): only when the bot knows its
/// public address and the incident's service is a public one (no other incident is on the page).
/// </summary>
public sealed class StatusPageIncidentLinks(IOptions<StatusPageOptions> options, ServiceCatalog catalog) : IIncidentLinks
{
    public string? UrlOf(int number, string service)
    {
        var baseUrl = options.Value.PublicUrl.TrimEnd('/');
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")) return null;
        return catalog.Find(service) is null ? null : StatusSnapshot.IncidentUrlOf(baseUrl, Incident.IdOf(number));
    }
}
