namespace SupportBot.StatusPage;

/// <summary>
/// Everything the public may know about an incident, and nothing else. Public pages are built from this
/// projection only, never from <see cref="Incidents.Incident"/>, so internal fields cannot leak by accident.
/// </summary>
public sealed record PublicIncident
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required PublicService Service { get; init; }
    public required Impact Impact { get; init; }
    /// <summary>investigating, identified, monitoring or resolved.</summary>
    public required string Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Oldest first.</summary>
    public required IReadOnlyList<PublicUpdate> Updates { get; init; }

    public bool IsOpen => ResolvedAt is null;
}

/// <summary>One public update: what customers read in the incident's history.</summary>
public sealed record PublicUpdate(string Id, DateTimeOffset At, string Status, string Body);

public sealed record PublicService(string Id, string Name, int Position);

/// <summary>Statuspage's incident impact scale, least severe first.</summary>
public enum Impact { None, Minor, Major, Critical }

/// <summary>Statuspage's component states, least severe first.</summary>
public enum ServiceState { Operational, DegradedPerformance, PartialOutage, MajorOutage }
