using System.Text.Json;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;

namespace SupportBot.Notifications;

/// <summary>
/// What a major-event roll-up shows of one incident: its number, severity, state (with flapping), title as redacted for
/// cards, service, and its start (for the order). Kept with the roll-up in the storm store at each change the roll-up shows
/// (<see cref="RollUpLine"/>), so a roll-up is rendered from one small read instead of every member incident with all its alerts.
/// </summary>
/// <param name="Rank">The severity's rank (0 = critical), for the order; <paramref name="Severity"/> its name, as cards show it.</param>
public sealed record RollUpEntry(int Number, string Severity, int Rank, IncidentStatus Status, string Title, string Service, DateTimeOffset StartedAt, string? Flapping)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RollUpEntry Of(Incident incident, BriefingModel model) =>
        new(incident.Number, model.Severity, (int)incident.Severity, incident.Status, model.Title, incident.Service, incident.StartedAt, model.FlappingText);

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>The entry kept in <paramref name="line"/>; null when it cannot be read (then the incident is read whole).</summary>
    public static RollUpEntry? Read(RollUpLine line)
    {
        try { return JsonSerializer.Deserialize<RollUpEntry>(line.Text, Json); }
        catch (JsonException) { return null; }
    }

    public bool IsOpen => Status != IncidentStatus.Resolved;

    /// <summary>As <see cref="IncidentOrdering.Sort"/> orders incidents: open ones first, most severe, newest.</summary>
    public static IEnumerable<RollUpEntry> Sorted(IEnumerable<RollUpEntry> entries) =>
        entries.OrderBy(e => e.IsOpen ? 0 : 1).ThenBy(e => e.IsOpen ? e.Rank : 0)
            .ThenByDescending(e => e.StartedAt).ThenByDescending(e => e.Number);

    public BriefingModel Model() => new()
    {
        IncidentId = Incident.IdOf(Number),
        Title = Title,
        Service = Service,
        Severity = Severity,
        Status = Status.ToString().ToLowerInvariant(),
        StartedAt = StartedAt,
        FlappingText = Flapping,
    };
}
