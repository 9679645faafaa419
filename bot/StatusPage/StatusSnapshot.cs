namespace SupportBot.StatusPage;

/// <summary>What every public view shows: derived once per request from the stored incidents, then only formatted.</summary>
public sealed record StatusSnapshot
{
    public required string Title { get; init; }
    /// <summary>
    /// Absolute base of the public URLs, without a trailing slash; empty when the bot does not know its public address
    /// (no StatusPage:PublicUrl, any Host accepted): links are then relative, never taken from an unvalidated Host header.
    /// </summary>
    public required string BaseUrl { get; init; }
    /// <summary>The newest public change; the page's Last-Modified.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    public required Impact Indicator { get; init; }
    public required ServiceState Worst { get; init; }
    public required IReadOnlyList<ServiceStatus> Services { get; init; }
    /// <summary>Open incidents, most severe first, then newest.</summary>
    public required IReadOnlyList<PublicIncident> Open { get; init; }
    /// <summary>Incidents resolved within the history window, newest first.</summary>
    public required IReadOnlyList<PublicIncident> Recent { get; init; }
    public required int HistoryDays { get; init; }

    public string Description => Labels.Overall(Worst);
    public string PageUrl => PageUrlOf(BaseUrl);
    public string IncidentUrl(PublicIncident incident) => IncidentUrlOf(BaseUrl, incident.Id);

    public static string PageUrlOf(string baseUrl) => $"{baseUrl}/status";
    /// <summary>The incident's anchor on the page: "{base}/status#INC-42".</summary>
    public static string IncidentUrlOf(string baseUrl, string incidentId) => $"{PageUrlOf(baseUrl)}#{incidentId}";

    /// <summary>Atom ids must be absolute: the page's URL when known, else a URN that names the same thing.</summary>
    public string FeedId => BaseUrl.Length > 0 ? PageUrl : "urn:supportbot:status";
    public string FeedEntryId(PublicIncident incident) => BaseUrl.Length > 0 ? IncidentUrl(incident) : $"urn:supportbot:status:{incident.Id}";
}

public sealed record ServiceStatus(PublicService Service, ServiceState State, double Uptime, DateTimeOffset? UpdatedAt);
