using SupportBot.EarlyWarning;
using SupportBot.Incidents;

namespace SupportBot.Presentation;

/// <summary>The incident an early-warning card links to: the one it came true as, else the service's open incident.</summary>
public sealed record WarningIncident(int Number, string? Url);

/// <summary>Finds <see cref="WarningIncident"/> for a warning's card, with the link the incident's page gives it (<see cref="IIncidentLinks"/>).</summary>
public sealed class WarningIncidents(IIncidentStore incidents, IIncidentLinks links)
{
    public async Task<WarningIncident?> ForAsync(SignalWarning warning, CancellationToken ct)
    {
        var number = warning.IncidentNumber;
        if (number is null && warning.IsActive)
            number = (await incidents.ListOpenForServiceAsync(warning.Service, ct)).FirstOrDefault()?.Number;
        return number is { } n ? new WarningIncident(n, links.UrlOf(n, warning.Service)) : null;
    }
}
