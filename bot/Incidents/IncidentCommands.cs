using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Changes people make to incidents from chat, written like the engine's through the <see cref="IncidentWriter"/>, so a
/// command racing a webhook (or another command) never loses either change.
/// </summary>
public sealed class IncidentCommands(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, TimeProvider time, ILogger<IncidentCommands> log)
{
    private readonly IncidentWriter _writer = new(store, sinks, log);

    public Task<CommandResult> AcknowledgeAsync(int number, Person by, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => i.IsOpen
            ? Decide(ManualChanges.Acknowledge(i, by, now), CommandOutcome.Unchanged)
            : (null, CommandOutcome.AlreadyResolved), ct);

    public Task<CommandResult> AssignAsync(int number, Person by, Person assignee, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => Decide(ManualChanges.Assign(i, by, assignee, now), CommandOutcome.Unchanged), ct);

    public Task<CommandResult> SetSeverityAsync(int number, Person by, Severity severity, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => Decide(ManualChanges.SetSeverity(i, by, severity, now), CommandOutcome.Unchanged), ct);

    public Task<CommandResult> PostUpdateAsync(int number, Person by, IncidentStatus? status, string text, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => i.IsOpen
            ? (ManualChanges.PostUpdate(i, by, status, text, now), CommandOutcome.Done)
            : (null, CommandOutcome.AlreadyResolved), ct);

    /// <summary>Resolving while alerts still fire needs <paramref name="confirmed"/>: monitoring still sees a problem.</summary>
    public Task<CommandResult> ResolveAsync(int number, Person by, string? note, bool confirmed, CancellationToken ct) =>
        ChangeAsync(number, (i, now) =>
            !i.IsOpen ? (null, CommandOutcome.AlreadyResolved)
            : i.FiringCount > 0 && !confirmed ? (null, CommandOutcome.NeedsConfirmation)
            : (ManualChanges.Resolve(i, by, note, now), CommandOutcome.Done), ct);

    public Task<CommandResult> AddNoteAsync(int number, Person by, string text, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => (ManualChanges.AddNote(i, by, text, now), CommandOutcome.Done), ct);

    /// <summary>Records a reminder if one is still due at the time of writing; returns Unchanged when another instance or a human update got there first.</summary>
    public Task<CommandResult> RemindIfDueAsync(int number, TimeSpan interval, CancellationToken ct) =>
        ChangeAsync(number, (i, now) => i.IsOpen && now - i.LastUpdateOrReminderAt >= interval
            ? (ManualChanges.RecordReminder(i, now), CommandOutcome.Done)
            : (null, CommandOutcome.Unchanged), ct);

    private static (Incident?, CommandOutcome) Decide(Incident? next, CommandOutcome otherwise) =>
        (next, next is null ? otherwise : CommandOutcome.Done);

    private async Task<CommandResult> ChangeAsync(int number, Func<Incident, DateTimeOffset, (Incident? Next, CommandOutcome Outcome)> decide, CancellationToken ct)
    {
        // What the last decision said, on the incident it was made on: the result when nothing (more) is written.
        var result = new CommandResult(CommandOutcome.NotFound, null);
        var change = await _writer.WriteAsync($"INC-{number}", async c =>
        {
            var current = await store.GetAsync(number, c);
            if (current is null) return IncidentWrite.None;
            var (next, outcome) = decide(current, time.GetUtcNow());
            result = new CommandResult(outcome, next ?? current);
            return next is null ? IncidentWrite.None : new IncidentWrite.Update(current, next);
        }, ct);
        return change is null ? result : result with { Incident = change.Current };
    }
}

public enum CommandOutcome { Done, Unchanged, NotFound, AlreadyResolved, NeedsConfirmation }

/// <summary>What a command did; <see cref="Incident"/> is the stored version after it (null when not found).</summary>
public sealed record CommandResult(CommandOutcome Outcome, Incident? Incident);
