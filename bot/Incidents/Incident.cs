using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>An incident as stored. Immutable: the engine makes a new version for every change.</summary>
public sealed record Incident
{
    public required int Number { get; init; }
    public required string GroupKey { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string Service { get; init; }
    public required Severity Severity { get; init; }
    public required IncidentStatus Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IReadOnlyList<TrackedAlert> Alerts { get; init; } = [];
    public IReadOnlyList<AlertLink> Links { get; init; } = [];
    public IReadOnlyList<IncidentEvent> Timeline { get; init; } = [];

    /// <summary>Starts at 1 and grows by one with each stored change; the store uses it for compare-and-swap.</summary>
    public int Version { get; init; } = 1;

    public string Id => $"INC-{Number}";
    public bool IsOpen => Status != IncidentStatus.Resolved;
    public int FiringCount => Alerts.Count(a => a.Status == AlertStatus.Firing);
    public TimeSpan? Duration => ResolvedAt - StartedAt;
}

/// <summary>What the incident remembers of each alert: enough to deduplicate and to show counts.</summary>
public sealed record TrackedAlert(
    string Fingerprint,
    AlertStatus Status,
    Severity Severity,
    string Summary,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt);

/// <summary>The states a public status page uses; Investigating is where every incident starts.</summary>
public enum IncidentStatus { Investigating, Identified, Monitoring, Resolved }

public sealed record IncidentEvent(DateTimeOffset At, IncidentEventKind Kind, string Text, string Actor = "monitoring");

public enum IncidentEventKind { Opened, AlertFiring, AlertResolved, SeverityChanged, Resolved, Acknowledged }
