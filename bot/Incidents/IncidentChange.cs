namespace SupportBot.Incidents;

/// <summary>What the engine emits after storing a change; notifiers turn these into channel messages.</summary>
public sealed record IncidentChange(Incident Current, Incident? Previous)
{
    public bool Opened => Previous is null;
    public bool Resolved => Previous is { IsOpen: true } && !Current.IsOpen;
    public bool Reopened => Previous is { IsOpen: false } && Current.IsOpen;

    /// <summary>The timeline entries this change added.</summary>
    public IReadOnlyList<IncidentEvent> NewEvents => Current.Timeline.Skip(Previous?.Timeline.Count ?? 0).ToList();
}

/// <summary>Where the engine hands stored changes on to (the notifier's queue).</summary>
public interface IIncidentChangeSink
{
    ValueTask PublishAsync(IncidentChange change, CancellationToken ct);
}
