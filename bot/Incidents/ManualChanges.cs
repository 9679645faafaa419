using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Pure functions for what people do to an incident from chat. Each returns the next version, or null when the
/// command changes nothing (acknowledging twice, setting the severity it already has).
/// </summary>
public static class ManualChanges
{
    public static Incident? Acknowledge(Incident i, Person by, DateTimeOffset now) =>
        i.AcknowledgedBy is not null || !i.IsOpen ? null : Next(i, now, IncidentEventKind.Acknowledged, $"Acknowledged by {by.Name}", by) with
        {
            AcknowledgedBy = by,
            AcknowledgedAt = now,
        };

    public static Incident? Assign(Incident i, Person by, Person assignee, DateTimeOffset now)
    {
        if (i.Assignee == assignee) return null;
        var next = Next(i, now, IncidentEventKind.Assigned, $"Assigned to {assignee.Name}", by) with { Assignee = assignee };
        // Taking an incident yourself acknowledges it.
        return assignee.Id == by.Id ? AcknowledgedAlso(next, by, now) : next;
    }

    public static Incident? SetSeverity(Incident i, Person by, Severity severity, DateTimeOffset now) =>
        i.Severity == severity ? null : Next(i, now, IncidentEventKind.SeverityChanged,
            $"Severity changed from {i.Severity.Name()} to {severity.Name()}", by) with { Severity = severity };

    public static Incident PostUpdate(Incident i, Person by, IncidentStatus? status, string text, DateTimeOffset now)
    {
        var prefix = status is { } s && s != i.Status ? $"{s}: " : "";
        var next = Next(i, now, IncidentEventKind.StatusUpdate, prefix + text, by) with { Status = status ?? i.Status };
        return AcknowledgedAlso(next, by, now);
    }

    public static Incident Resolve(Incident i, Person by, string? note, DateTimeOffset now) =>
        Next(i, now, IncidentEventKind.Resolved,
            $"Resolved by {by.Name} after {DurationText.Format(now - i.StartedAt)}" + (string.IsNullOrWhiteSpace(note) ? "" : $": {note}"), by) with
        {
            Status = IncidentStatus.Resolved,
            ResolvedAt = now,
            ResolvedBy = by,
        };

    public static Incident AddNote(Incident i, Person by, string text, DateTimeOffset now) =>
        Next(i, now, IncidentEventKind.Note, text, by);

    public static Incident RecordReminder(Incident i, DateTimeOffset now) =>
        Next(i, now, IncidentEventKind.ReminderSent,
            $"No update for {DurationText.Format(now - i.LastUpdateOrReminderAt)}: reminded {i.Assignee?.Name ?? "on-call"}", null);

    /// <summary>An incident resolved by hand comes back when its alerts fire again.</summary>
    public static Incident Reopen(Incident folded, DateTimeOffset now) =>
        folded with
        {
            Status = IncidentStatus.Investigating,
            ResolvedAt = null,
            ResolvedBy = null,
            Timeline = [.. folded.Timeline, new IncidentEvent(now, IncidentEventKind.Reopened,
                $"Reopened: alerts firing again after the manual resolve by {folded.ResolvedBy?.Name ?? "on-call"}")],
        };

    /// <summary>Working on an unacknowledged incident acknowledges it, with its own timeline entry (time to acknowledge counts from it).</summary>
    private static Incident AcknowledgedAlso(Incident next, Person by, DateTimeOffset now) =>
        next.AcknowledgedBy is not null ? next : next with
        {
            AcknowledgedBy = by,
            AcknowledgedAt = now,
            Timeline = [.. next.Timeline.SkipLast(1), new IncidentEvent(now, IncidentEventKind.Acknowledged, $"Acknowledged by {by.Name}", by.Name), next.Timeline[^1]],
        };

    private static Incident Next(Incident i, DateTimeOffset now, IncidentEventKind kind, string text, Person? by) => i with
    {
        Timeline = [.. i.Timeline, new IncidentEvent(now, kind, text, by?.Name ?? IncidentEvent.Bot)],
        Version = i.Version + 1,
    };
}
