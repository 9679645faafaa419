using SupportBot.Incidents;

namespace SupportBot.EarlyWarning;

/// <summary>
/// When an incident opens for a service with a warning out, the warning came true: its card links to the incident
/// and the incident's card says how long before it was warned.
/// </summary>
public sealed class IncidentLink(WarningActions actions, IServiceProvider services) : IIncidentChangeSink
{
    public async ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        if (!change.Opened) return;
        var incident = change.Current;
        var cameTrue = await actions.IncidentOpenedAsync(incident.Service, incident.Number, incident.StartedAt, ct);
        // Only a warning raised before the incident started saw it coming (an alert may carry an earlier start).
        if (cameTrue.Where(w => w.RaisedAt < incident.StartedAt).MinBy(w => w.RaisedAt) is not { } first) return;
        // Resolved here, not injected: the commands publish to every change sink, this one included.
        var commands = services.GetRequiredService<IncidentCommands>();
        await commands.RecordWarningAsync(incident.Number, first.SignalName, first.RaisedAt, ct);
    }
}
