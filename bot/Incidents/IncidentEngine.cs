using Microsoft.Extensions.Options;
using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Folds normalized alerts into incidents: deduplicates by fingerprint, groups by group key, resolves when
/// every alert of an incident has resolved. Writes go through the <see cref="IncidentWriter"/> (compare-and-swap on
/// the incident's version), so concurrent webhooks for the same group never lose an update or open two incidents.
/// </summary>
public sealed class IncidentEngine(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, TimeProvider time,
    IOptions<IncidentOptions> options, ILogger<IncidentEngine> log)
{
    private readonly IncidentWriter _writer = new(store, sinks, log);

    public async Task<IReadOnlyList<IncidentChange>> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var changes = new List<IncidentChange>();
        foreach (var group in alerts.GroupBy(a => a.GroupKey, StringComparer.Ordinal))
        {
            var batch = group.ToList();
            if (await _writer.WriteAsync($"group {group.Key}", c => DecideAsync(group.Key, batch, c), ct) is { } change)
                changes.Add(change);
        }
        return changes;
    }

    private async Task<IncidentWrite> DecideAsync(string groupKey, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var current = await store.FindOpenAsync(groupKey, ct);
        var now = time.GetUtcNow();
        if (current is null && await FindReopenableAsync(groupKey, now, ct) is { } resolvedByHand)
        {
            var folded = IncidentFolding.Fold(resolvedByHand, alerts, now);
            if (folded is null) return IncidentWrite.None;
            var firingAgain = folded.Timeline.Skip(resolvedByHand.Timeline.Count).Any(e => e.Kind == IncidentEventKind.AlertFiring);
            return new IncidentWrite.Update(resolvedByHand, firingAgain ? ManualChanges.Reopen(folded, now) : folded);
        }
        if (current is null)
        {
            // Resolved alerts for a group with no open incident: nothing to resolve (late resend).
            return alerts.Any(a => a.Status == AlertStatus.Firing)
                ? new IncidentWrite.Open(IncidentFolding.Open(0, groupKey, alerts, now))
                : IncidentWrite.None;
        }
        return IncidentFolding.Fold(current, alerts, now) is { } next ? new IncidentWrite.Update(current, next) : IncidentWrite.None;
    }

    /// <summary>The group's incident that someone resolved by hand within the reopen window, if any.</summary>
    private async Task<Incident?> FindReopenableAsync(string groupKey, DateTimeOffset now, CancellationToken ct) =>
        await store.FindLatestAsync(groupKey, ct) is { IsOpen: false, ResolvedBy: not null } latest
        && now - latest.ResolvedAt <= options.Value.ReopenWindow
            ? latest
            : null;
}
