using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Changes people make to incidents from chat. Like the engine, every write is compare-and-swap on the incident's
/// version with a retry, so a command racing a webhook (or another command) never loses either change.
/// </summary>
public sealed class IncidentCommands(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, TimeProvider time, ILogger<IncidentCommands> log)
{
    private const int MaxAttempts = 64;

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
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(number, ct);
            if (current is null) return new CommandResult(CommandOutcome.NotFound, null);
            var (next, outcome) = decide(current, time.GetUtcNow());
            if (next is null) return new CommandResult(outcome, current);
            if (await store.TryUpdateAsync(next, ct))
            {
                var change = new IncidentChange(next, current);
                log.LogInformation("{Incident}: {Change}", next.Id, change.NewEvents.LastOrDefault()?.Text);
                foreach (var sink in sinks) await sink.PublishAsync(change, ct);
                return new CommandResult(outcome, next);
            }
            // A webhook or another command changed it meanwhile: decide again on the fresh version.
        }
        throw new InvalidOperationException($"Could not store the change to INC-{number} after {MaxAttempts} attempts.");
    }
}

public enum CommandOutcome { Done, Unchanged, NotFound, AlreadyResolved, NeedsConfirmation }

/// <summary>What a command did; <see cref="Incident"/> is the stored version after it (null when not found).</summary>
public sealed record CommandResult(CommandOutcome Outcome, Incident? Incident);
