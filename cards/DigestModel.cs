namespace SupportBot.Cards;

/// <summary>What a digest card shows. The bot computes and formats the figures; the card only lays them out.</summary>
public sealed record DigestModel
{
    /// <summary>"Daily digest", "Weekly digest".</summary>
    public required string Title { get; init; }
    /// <summary>The period in the reader's time zone, e.g. "Sat 2026-03-28 09:00 → Sun 2026-03-29 09:00 (Europe/Berlin)".</summary>
    public required string Period { get; init; }
    public int Opened { get; init; }
    public int Resolved { get; init; }
    public int StillOpen { get; init; }
    /// <summary>"median 12m · worst 40m (3 incidents)", or what to say when there is no figure.</summary>
    public required string TimeToAcknowledge { get; init; }
    public required string TimeToResolve { get; init; }
    /// <summary>"3 raised: 2 came true (median lead 14 min), 1 did not"; null when no early warning was raised.</summary>
    public string? EarlyWarnings { get; init; }
    public IReadOnlyList<DigestServiceRow> Services { get; init; } = [];
    public IReadOnlyList<DigestIncidentRow> Longest { get; init; } = [];

    public bool Quiet => Services.Count == 0;
}

/// <summary>One service: "2 critical, 1 minor", downtime in whole minutes, availability ("99.95%").</summary>
public sealed record DigestServiceRow(string Service, string Counts, int DowntimeMinutes, string Availability);

public sealed record DigestIncidentRow(string IncidentId, string Title, string Service, string Severity, string Duration, bool StillOpen, string? Url);
