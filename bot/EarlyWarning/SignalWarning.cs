using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.EarlyWarning;

public enum WarningStatus
{
    /// <summary>The trend reaches the threshold within the horizon.</summary>
    Active,
    /// <summary>The value went past the threshold after the warning (no incident yet).</summary>
    Crossed,
    /// <summary>The trend receded: "Recovered, no outage".</summary>
    Recovered,
    /// <summary>An incident opened for the service while the warning was out.</summary>
    CameTrue,
    /// <summary>On-call dismissed it.</summary>
    Dismissed,
}

/// <summary>One early warning: raised for a signal, updated as the forecast moves, and ended one of three ways.</summary>
public sealed record SignalWarning
{
    /// <summary>"{service}/{signal name}@{unix seconds raised}": unique per warning, carried by the card's buttons.</summary>
    public required string Id { get; init; }
    public required string SignalKey { get; init; }
    public required string Service { get; init; }
    public required string SignalName { get; init; }
    public required Direction Direction { get; init; }
    public required double Threshold { get; init; }
    public required WarningStatus Status { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CrossedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public double? ValueNow { get; init; }
    /// <summary>When the forecast expects the crossing, as of <see cref="UpdatedAt"/>.</summary>
    public TimeSpan? CrossingIn { get; init; }
    /// <summary>Recent values, oldest first (the card's sparkline), over <see cref="RecentSpan"/>.</summary>
    public IReadOnlyList<double> Recent { get; init; } = [];
    public TimeSpan RecentSpan { get; init; }
    public string? LookingBy { get; init; }
    public string? DismissedBy { get; init; }
    public int? IncidentNumber { get; init; }
    /// <summary>Warning to incident: how much earlier support knew.</summary>
    public TimeSpan? Lead { get; init; }
    /// <summary>Grows with every change; the card in each channel is updated to the newest.</summary>
    public int Version { get; init; } = 1;

    public bool IsActive => Status is WarningStatus.Active or WarningStatus.Crossed;

    public static string MakeId(string signalKey, DateTimeOffset raisedAt) => $"{signalKey}@{raisedAt.ToUnixTimeSeconds()}";
}
