namespace SupportBot.Alerts;

/// <summary>One alert from any monitoring source, normalized. Sources produce these; the incident engine consumes them.</summary>
public sealed record Alert
{
    public required string Source { get; init; }
    public required string Fingerprint { get; init; }
    public required AlertStatus Status { get; init; }
    public required Severity Severity { get; init; }
    public required string Service { get; init; }
    public required string Summary { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    /// <summary>Alerts with the same group key belong to the same incident (Alertmanager's groupKey, else the service).</summary>
    public required string GroupKey { get; init; }
}

public sealed record AlertLink(string Title, string Url);

public enum AlertStatus { Firing, Resolved }
