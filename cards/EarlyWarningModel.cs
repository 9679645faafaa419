namespace SupportBot.Cards;

/// <summary>What an early-warning card shows about one signal's forecast. The bot maps its warnings onto this.</summary>
public sealed record EarlyWarningModel
{
    /// <summary>The warning's id, carried by the buttons.</summary>
    public required string WarningId { get; init; }
    public required string Service { get; init; }
    public required string SignalName { get; init; }
    public required EarlyWarningState State { get; init; }
    /// <summary>The value now, formatted ("0.043", "812 ms" is up to the bot).</summary>
    public required string ValueNow { get; init; }
    public required string Threshold { get; init; }
    /// <summary>"above" or "below": the side of the threshold that is the outage.</summary>
    public required string Direction { get; init; }
    /// <summary>"in about 12 min" while active; empty otherwise.</summary>
    public string CrossingText { get; init; } = "";
    /// <summary>Recent values, oldest first, for the sparkline.</summary>
    public IReadOnlyList<double> Recent { get; init; } = [];
    /// <summary>What the sparkline spans ("last 30 min").</summary>
    public string RecentSpan { get; init; } = "";
    public required DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset? CrossedAt { get; init; }
    public string? LookingBy { get; init; }
    public string? DismissedBy { get; init; }
    /// <summary>The incident this warning came true as, and where its card or page is.</summary>
    public string? IncidentId { get; init; }
    public string? IncidentUrl { get; init; }
    /// <summary>"14 min" between the warning and the incident.</summary>
    public string? LeadText { get; init; }
}

public enum EarlyWarningState
{
    /// <summary>The trend reaches the threshold within the horizon.</summary>
    Active,
    /// <summary>The value is past the threshold now (no incident yet).</summary>
    Crossed,
    /// <summary>The trend receded before anything happened.</summary>
    Recovered,
    /// <summary>An incident opened for the service.</summary>
    CameTrue,
    /// <summary>On-call dismissed it.</summary>
    Dismissed,
}
