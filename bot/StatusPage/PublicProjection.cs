using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>
/// Incident → <see cref="PublicIncident"/>, a whitelist: only listed services, only timeline events whose meaning
/// is public (opened, impact raised, resolved), each with a fixed public text. Alert summaries, descriptions,
/// labels, links and anything a later event kind carries stay inside.
/// </summary>
public static class PublicProjection
{
    public static PublicIncident? Project(Incident incident, ServiceCatalog services)
    {
        if (services.Find(incident.Service) is not { } service) return null;

        var impact = ImpactOf(incident.Severity);
        var updates = new List<PublicUpdate>();
        foreach (var e in incident.Timeline)
        {
            var text = e.Kind switch
            {
                IncidentEventKind.Opened => $"We are investigating a problem with {service.Name}.",
                IncidentEventKind.SeverityChanged => $"The impact on {service.Name} has grown; we are working on it.",
                IncidentEventKind.Resolved => $"This incident has been resolved; {service.Name} is working normally.",
                _ => null,
            };
            if (text is null) continue;
            var status = e.Kind == IncidentEventKind.Resolved ? "resolved" : "investigating";
            updates.Add(new PublicUpdate($"{incident.Id}-{updates.Count + 1}", e.At, status, text));
        }

        return new PublicIncident
        {
            Id = incident.Id,
            Title = PublicText.LooksInternal(incident.Title) ? $"{service.Name}: {Labels.Impact(impact)}" : incident.Title,
            Service = service,
            Impact = impact,
            Status = incident.Status.ToString().ToLowerInvariant(),
            StartedAt = incident.StartedAt,
            ResolvedAt = incident.IsOpen ? null : incident.ResolvedAt ?? incident.StartedAt,
            UpdatedAt = updates.Count > 0 ? updates.Max(u => u.At) : incident.StartedAt,
            Updates = updates,
        };
    }

    /// <summary>Critical pages everyone; info-level incidents are shown but do not make a service look degraded.</summary>
    public static Impact ImpactOf(Severity severity) => severity switch
    {
        Severity.Critical => Impact.Critical,
        Severity.Major => Impact.Major,
        Severity.Minor => Impact.Minor,
        _ => Impact.None,
    };

    public static ServiceState StateOf(Impact impact) => impact switch
    {
        Impact.Critical => ServiceState.MajorOutage,
        Impact.Major => ServiceState.PartialOutage,
        Impact.Minor => ServiceState.DegradedPerformance,
        _ => ServiceState.Operational,
    };
}
