namespace SupportBot.Sources.Generic;

/// <summary>
/// Where a generic source's JSON keeps each part of an alert (Webhooks:Sources:&lt;name&gt;:Mapping). Paths are
/// <see cref="JsonPath"/>s, relative to each element of <see cref="Alerts"/> when that is set, else to the body.
/// </summary>
public sealed class GenericMapping
{
    private static readonly string[] DefaultFiring = ["firing", "problem", "down", "alerting", "alert", "triggered", "critical", "error"];
    private static readonly string[] DefaultResolved = ["resolved", "ok", "up", "recovered", "recovery"];

    /// <summary>Path to an array of alerts; empty when the body is one alert.</summary>
    public string? Alerts { get; set; }

    public string? Fingerprint { get; set; }
    public string? Status { get; set; }
    public string? Severity { get; set; }
    public string? Service { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    /// <summary>When it happened: the start of a firing alert, the end of a resolved one (ISO 8601 or Unix time).</summary>
    public string? Time { get; set; }
    public string? Link { get; set; }

    /// <summary>Values of <see cref="Status"/> that mean firing / resolved (case-insensitive); empty: common words like firing, down, ok, up.</summary>
    public List<string> FiringValues { get; set; } = [];
    public List<string> ResolvedValues { get; set; } = [];

    /// <summary>Used when the payload has no severity (default: major) or no service (default: the source's name).</summary>
    public string? DefaultSeverity { get; set; }
    public string? DefaultService { get; set; }

    public IReadOnlyList<string> Firing => FiringValues.Count > 0 ? FiringValues : DefaultFiring;
    public IReadOnlyList<string> Resolved => ResolvedValues.Count > 0 ? ResolvedValues : DefaultResolved;

    /// <summary>What is wrong with this mapping, for the startup error; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Fingerprint)) problems.Add("Mapping:Fingerprint is required (the path to what identifies an alert).");
        if (string.IsNullOrWhiteSpace(Status)) problems.Add("Mapping:Status is required (the path to the firing/resolved value).");
        foreach (var (name, path) in Paths())
            if (!string.IsNullOrWhiteSpace(path) && !JsonPath.TryParse(path, out _))
                problems.Add($"Mapping:{name} '{path}' is not a path like 'heartbeat.status' or 'alerts[0].labels.service'.");
        if (Firing.Intersect(Resolved, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
            problems.Add($"Mapping: '{both}' is both a firing and a resolved value.");
        if (DefaultSeverity is not null && !Enum.TryParse<Alerts.Severity>(DefaultSeverity, true, out _))
            problems.Add($"Mapping:DefaultSeverity '{DefaultSeverity}' is not critical, major, minor or info.");
        return problems;
    }

    public IEnumerable<(string Name, string? Path)> Paths() =>
    [
        (nameof(Alerts), Alerts), (nameof(Fingerprint), Fingerprint), (nameof(Status), Status), (nameof(Severity), Severity),
        (nameof(Service), Service), (nameof(Summary), Summary), (nameof(Description), Description), (nameof(Time), Time),
        (nameof(Link), Link),
    ];
}
