using Microsoft.Bot.Schema;
using SupportBot.Alerts;

namespace SupportBot.Digests;

/// <summary>
/// What one person asked for in a personal chat: a digest on a schedule, or a ping when a service of theirs breaks.
/// Exactly one of <see cref="Digest"/> and <see cref="Watch"/> is set.
/// </summary>
public sealed record PersonalSubscription
{
    public required int Id { get; init; }
    /// <summary>The channel's id of the person (Teams "29:…"); a person sees and cancels only their own.</summary>
    public required string UserId { get; init; }
    public string? UserName { get; init; }
    /// <summary>The personal conversation that proactive digests and pings are posted to.</summary>
    public required ConversationReference Conversation { get; init; }
    /// <summary>IANA id ("Europe/Berlin") the schedule and the digest's times are read in.</summary>
    public required string TimeZone { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DigestSchedule? Digest { get; init; }
    public ServiceWatch? Watch { get; init; }

    public string Describe() => Digest is { } d
        ? $"{d.Describe()} ({TimeZone})"
        : $"service **{Watch!.Service}**, {Watch.DescribeSeverity()}";
}

public enum DigestFrequency { Daily, Weekly }

/// <summary>When a digest is due, in the subscriber's local time.</summary>
public sealed record DigestSchedule(DigestFrequency Frequency, TimeOnly At, DayOfWeek? Day = null)
{
    /// <summary>The schedule as a five-field cron expression (minute hour day-of-month month day-of-week).</summary>
    public string Cron => Frequency == DigestFrequency.Daily
        ? $"{At.Minute} {At.Hour} * * *"
        : $"{At.Minute} {At.Hour} * * {(int)Day!.Value}";

    public string Describe() => Frequency == DigestFrequency.Daily
        ? $"daily digest at {At:HH\\:mm}"
        : $"weekly digest on {Day} at {At:HH\\:mm}";
}

/// <summary>A ping on open and on resolve for incidents of <see cref="Service"/> at <see cref="MinSeverity"/> or worse (null: any).</summary>
public sealed record ServiceWatch(string Service, Severity? MinSeverity = null)
{
    public bool Matches(Incidents.Incident incident) =>
        string.Equals(incident.Service, Service, StringComparison.OrdinalIgnoreCase)
        && (MinSeverity is null || incident.Severity <= MinSeverity);

    public string DescribeSeverity() => Channels.ChannelFilter.DescribeSeverity(MinSeverity);
}
