using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>An incident as stored. Immutable: the engine makes a new version for every change. What is derived from
/// the stored fields is not stored ([JsonIgnore]).</summary>
public sealed record Incident
{
    public required int Number { get; init; }
    public required string GroupKey { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string Service { get; init; }
    public required Severity Severity { get; init; }
    public required IncidentStatus Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IReadOnlyList<TrackedAlert> Alerts
    {
        get => _alerts;
        init
        {
            _alerts = value;
            _byFingerprint = new();
        }
    }

    private readonly IReadOnlyList<TrackedAlert> _alerts = [];
    private readonly AlertIndexSlot _byFingerprint = new();

    /// <summary>
    /// Its alerts by fingerprint, built at the first lookup of this list of alerts and kept with it (every webhook
    /// asks whether its alerts are new, most of them resends): not stored, and no part of the incident's equality.
    /// </summary>
    internal AlertIndex AlertsByFingerprint => _byFingerprint.For(_alerts);

    /// <summary>
    /// This version's alert index if it has one already (handed over by the change that made it, or built by a lookup),
    /// else null: never builds one. The slot is new with every list of alerts, so an index found is this list's.
    /// </summary>
    internal AlertIndex? AlertIndexIfKnown => _byFingerprint.Known(_alerts);

    /// <summary>Gives this version's alerts the index the change that made them has already worked out (see <see cref="IncidentFolding.Fold"/>).</summary>
    internal Incident WithAlertIndex(AlertIndex index)
    {
        _byFingerprint.Seed(index);
        return this;
    }

    /// <summary>Resolved alerts no longer kept one by one, only counted (see <see cref="IncidentLimits"/>).</summary>
    public int FoldedResolvedAlerts { get; init; }
    public IReadOnlyList<AlertLink> Links { get; init; } = [];
    public IReadOnlyList<IncidentEvent> Timeline { get; init; } = [];

    public Person? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public Person? Assignee { get; init; }

    /// <summary>The early warning that saw it coming (signal and when), if one was out when it opened.</summary>
    public WarnedBefore? Warned { get; init; }

    /// <summary>Who resolved it by hand; null while open or when monitoring resolved it.</summary>
    public Person? ResolvedBy { get; init; }

    /// <summary>When monitoring last turned it from firing to all resolved or back, within the flap window, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> StateChanges { get; init; } = [];

    /// <summary>Set while its alerts fire and resolve again and again (see <see cref="FlapDamping"/>).</summary>
    public Flapping? Flapping { get; init; }

    /// <summary>This version only records another flap: its cards wait for the next update the flap interval allows.</summary>
    [JsonIgnore]
    public bool CardHeldBack => Flapping is { } f && f.HeldVersion == Version;

    /// <summary>Starts at 1 and grows by one with each stored change; the store uses it for compare-and-swap.</summary>
    public int Version { get; init; } = 1;

    [JsonIgnore]
    public string Id => IdOf(Number);

    /// <summary>"INC-42": how people and pages name incident 42.</summary>
    public static string IdOf(int number) => $"INC-{number}";
    [JsonIgnore]
    public bool IsOpen => Status != IncidentStatus.Resolved;
    /// <summary>Counted once per list of alerts (cards, flap damping and the engine ask again and again).</summary>
    [JsonIgnore]
    public int FiringCount => _byFingerprint.FiguresOf(_alerts).Firing;

    /// <summary>Every alert the incident has had, the folded resolved ones included.</summary>
    [JsonIgnore]
    public int AlertCount => Alerts.Count + FoldedResolvedAlerts;
    [JsonIgnore]
    public TimeSpan? Duration => ResolvedAt - StartedAt;

    /// <summary>Public status updates by people, oldest first.</summary>
    [JsonIgnore]
    public IEnumerable<IncidentEvent> StatusUpdates => Timeline.Where(e => e.Kind == IncidentEventKind.StatusUpdate);

    /// <summary>When people last told support something, or were last reminded to: the update cadence counts from here.</summary>
    [JsonIgnore]
    public DateTimeOffset LastUpdateOrReminderAt =>
        Timeline.Where(e => e.Kind is IncidentEventKind.StatusUpdate or IncidentEventKind.ReminderSent or IncidentEventKind.Reopened)
            .Select(e => e.At).DefaultIfEmpty(Timeline.FirstOrDefault()?.At ?? StartedAt).Max();
}

/// <summary>
/// The <see cref="AlertIndex"/> of one list of alerts: handed over by the change that made the list, or built at the
/// first lookup; its figures alone are counted without building it (cards of incidents read for a question need only
/// those). Racing builders build the same thing.
/// </summary>
internal sealed class AlertIndexSlot
{
    private AlertIndex? _index;
    private StrongBox<AlertFigures>? _figures;

    public AlertIndex For(IReadOnlyList<TrackedAlert> alerts) => _index ??= AlertIndex.Build(alerts, FiguresOf(alerts));

    public AlertFigures FiguresOf(IReadOnlyList<TrackedAlert> alerts) =>
        _index?.Figures ?? (_figures ??= new StrongBox<AlertFigures>(AlertFigures.Of(alerts))).Value;

    public void Seed(AlertIndex index) => _index = index;

    /// <summary>The index there is, if it indexes as many alerts as <paramref name="alerts"/> holds (a cheap guard).</summary>
    public AlertIndex? Known(IReadOnlyList<TrackedAlert> alerts) => _index is { } index && index.Count == alerts.Count ? index : null;

    public override bool Equals(object? obj) => obj is AlertIndexSlot;
    public override int GetHashCode() => 0;
}

/// <summary>
/// The incident flaps: since <paramref name="Since"/>, <paramref name="Changes"/> state changes within
/// <paramref name="Window"/>. Its cards last showed version <paramref name="ShownVersion"/> at <paramref name="ShownAt"/>;
/// <see cref="HeldVersion"/> is the version whose card update waits for the flap interval.
/// </summary>
public sealed record Flapping(DateTimeOffset Since, int Changes, TimeSpan Window, DateTimeOffset ShownAt, int ShownVersion)
{
    public int? HeldVersion { get; init; }
}

/// <summary>An early warning for the incident's service was out before it opened: which signal, and since when.</summary>
public sealed record WarnedBefore(string Signal, DateTimeOffset WarnedAt);

/// <summary>Someone in chat: the channel's id for them (to mention them) and their display name.</summary>
public sealed record Person(string Id, string Name);

/// <summary>What the incident remembers of each alert: enough to deduplicate and to show counts.</summary>
public sealed record TrackedAlert(
    string Fingerprint,
    AlertStatus Status,
    Severity Severity,
    string Summary,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt);

/// <summary>The states a public status page uses; Investigating is where every incident starts.</summary>
public enum IncidentStatus { Investigating, Identified, Monitoring, Resolved }

public sealed record IncidentEvent(DateTimeOffset At, IncidentEventKind Kind, string Text, string Actor = IncidentEvent.Monitoring)
{
    public const string Monitoring = "monitoring";
    public const string Bot = "SupportBot";

    [JsonIgnore]
    public bool ByPerson => Actor is not (Monitoring or Bot);

    /// <summary>Internal notes are for on-call only; everything else may be shown to support.</summary>
    [JsonIgnore]
    public bool IsPublic => Kind != IncidentEventKind.Note;

    /// <summary>How many alert events this one stands for ("Alert resolved ×1,204"); 1 for an event that folds nothing.</summary>
    public int Repeats { get; init; } = 1;
}

public enum IncidentEventKind
{
    Opened, AlertFiring, AlertResolved, SeverityChanged, Resolved,
    Acknowledged, Assigned, StatusUpdate, Note, Reopened, ReminderSent, Flapping,
}
