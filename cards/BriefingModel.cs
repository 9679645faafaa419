namespace SupportBot.Cards;

/// <summary>What a briefing card shows about one incident. The bot maps its incidents onto this; cards only format.</summary>
public sealed record BriefingModel
{
    public required string IncidentId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string Service { get; init; }
    /// <summary>critical, major, minor or info.</summary>
    public required string Severity { get; init; }
    /// <summary>investigating, identified, monitoring or resolved.</summary>
    public required string Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>Human duration ("26m 43s"), set once resolved.</summary>
    public string? Duration { get; init; }
    public int FiringAlerts { get; init; }
    public int TotalAlerts { get; init; }
    /// <summary>Resolved alerts the incident keeps only as a count (so the card says the list is not complete).</summary>
    public int FoldedAlerts { get; init; }

    /// <summary>"3 firing of 1,204", and how many of those are only counted.</summary>
    public string AlertsFact => FormattableString.Invariant($"{FiringAlerts:N0} firing of {TotalAlerts:N0}") +
        (FoldedAlerts > 0 ? FormattableString.Invariant($" ({FoldedAlerts:N0} older resolved alerts kept only as a count)") : "");
    public IReadOnlyList<CardLink> Links { get; init; } = [];
    public string? AcknowledgedBy { get; init; }
    public string? Assignee { get; init; }
    /// <summary>Status updates posted by people, newest first.</summary>
    public IReadOnlyList<CardUpdate> Updates { get; init; } = [];
    /// <summary>"flapping (6 changes in 20 min)" while its alerts fire and resolve again and again.</summary>
    public string? FlappingText { get; init; }
    /// <summary>"Warned 14 min before (Queue depth)" when an early warning saw it coming.</summary>
    public string? WarnedText { get; init; }
    /// <summary>Adds the on-call buttons (Acknowledge, Post update, Resolve) while the incident is open.</summary>
    public bool OnCallActions { get; init; }

    /// <summary>The state as the card's header and facts say it: "Investigating", "Investigating · flapping (6 changes in 20 min)".</summary>
    public string StateText => IsResolved ? "Resolved" : BriefingCard.Capitalize(Status) + (FlappingText is null ? "" : " · " + FlappingText);

    public bool IsResolved => string.Equals(Status, "resolved", StringComparison.OrdinalIgnoreCase);
}

public sealed record CardLink(string Title, string Url);

public sealed record CardUpdate(DateTimeOffset At, string Author, string Text);
