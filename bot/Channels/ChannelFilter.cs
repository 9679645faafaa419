using SupportBot.Alerts;

namespace SupportBot.Channels;

/// <summary>
/// What a subscription follows: some services (none listed: every service) at a severity or worse (null: any).
/// A briefing channel's "subscribe here service checkout-api,orders-api severity major", a configured route, and a
/// person's "subscribe service checkout-api severity critical" are all read by <see cref="ChannelFilterText"/>.
/// </summary>
public sealed record ChannelFilter
{
    public static ChannelFilter All { get; } = new();

    /// <summary>Service names as alerts name them, compared without case; empty: every service.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The least severe severity followed (major: critical and major); null: any.</summary>
    public Severity? MinSeverity { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAll => Services.Count == 0 && MinSeverity is null;

    public bool Follows(string service, Severity severity) => FollowsService(service) && (MinSeverity is null || severity <= MinSeverity);

    public bool FollowsService(string service) =>
        Services.Count == 0 || Services.Any(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase));

    /// <summary>"checkout-api, orders-api, major or worse"; "every service, any severity". Plain text: escape it where it is shown.</summary>
    public string Describe() =>
        $"{(Services.Count == 0 ? "every service" : string.Join(", ", Services))}, {DescribeSeverity(MinSeverity)}";

    public static string DescribeSeverity(Severity? minSeverity) => minSeverity switch
    {
        null => "any severity",
        Severity.Critical => "critical only",
        { } s => $"{s.Name()} or worse",
    };

    /// <summary>Same services (any order, any case) and severity: lists make record equality useless here.</summary>
    public bool SameAs(ChannelFilter other) =>
        MinSeverity == other.MinSeverity && Services.Count == other.Services.Count
        && Services.All(s => other.Services.Contains(s, StringComparer.OrdinalIgnoreCase));
}
