using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.Api;

/// <summary>One incident in a list of /api/incidents: what a script needs to pick one, not the stored record.</summary>
public sealed record IncidentSummaryView(
    int Number, string Id, string Title, string Service, Severity Severity, IncidentStatus Status, bool Open,
    DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt, int FiringAlerts, int AlertCount,
    string? AcknowledgedBy, string? Assignee)
{
    public static IncidentSummaryView Of(Incident i) => new(
        i.Number, i.Id, i.Title, i.Service, i.Severity, i.Status, i.IsOpen, i.StartedAt, i.ResolvedAt,
        i.FiringCount, i.Alerts.Count, i.AcknowledgedBy?.Name, i.Assignee?.Name);
}

/// <summary>GET /api/incidents/42: the incident with its alerts, links and timeline. Internal notes only for a caller with a credential.</summary>
public sealed record IncidentView(
    int Number, string Id, string Title, string? Description, string Service, Severity Severity, IncidentStatus Status, bool Open,
    DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Assignee,
    string? ResolvedBy, IReadOnlyList<AlertView> Alerts, IReadOnlyList<AlertLink> Links, IReadOnlyList<EventView> Timeline)
{
    public static IncidentView Of(Incident i, bool withNotes) => new(
        i.Number, i.Id, i.Title, i.Description, i.Service, i.Severity, i.Status, i.IsOpen,
        i.StartedAt, i.ResolvedAt, i.AcknowledgedAt, i.AcknowledgedBy?.Name, i.Assignee?.Name, i.ResolvedBy?.Name,
        i.Alerts.Select(a => new AlertView(a.Fingerprint, a.Status, a.Severity, a.Summary, a.StartsAt, a.EndsAt)).ToList(),
        i.Links,
        i.Timeline.Where(e => withNotes || e.IsPublic).Select(e => new EventView(e.At, e.Kind, e.Text, e.Actor)).ToList());
}

public sealed record AlertView(string Fingerprint, AlertStatus Status, Severity Severity, string Summary, DateTimeOffset StartsAt, DateTimeOffset? EndsAt);

public sealed record EventView(DateTimeOffset At, IncidentEventKind Kind, string Text, string Actor);

/// <summary>A page of incidents, newest first; <see cref="Next"/> is the URL of the following page, if any.</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentSummaryView> Incidents, int Total, int Limit, string? Next);
