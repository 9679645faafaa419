using Microsoft.Extensions.Options;
using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Folds normalized alerts into incidents: deduplicates by fingerprint, groups by group key, resolves when
/// every alert of an incident has resolved. Writes are compare-and-swap on the incident's version, so
/// concurrent webhooks for the same group never lose an update or open two incidents.
/// </summary>
public sealed class IncidentEngine(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, TimeProvider time,
    IOptions<IncidentOptions> options, ILogger<IncidentEngine> log)
{
    private const int MaxAttempts = 64;

    public async Task<IReadOnlyList<IncidentChange>> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var changes = new List<IncidentChange>();
        foreach (var group in alerts.GroupBy(a => a.GroupKey, StringComparer.Ordinal))
        {
            var change = await ApplyAsync(group.Key, group.ToList(), ct);
            if (change is null) continue;
            changes.Add(change);
            foreach (var sink in sinks) await sink.PublishAsync(change, ct);
        }
        return changes;
    }

    private async Task<IncidentChange?> ApplyAsync(string groupKey, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.FindOpenAsync(groupKey, ct);
            var now = time.GetUtcNow();
            if (current is null && await FindReopenableAsync(groupKey, now, ct) is { } resolvedByHand)
            {
                var folded = IncidentFolding.Fold(resolvedByHand, alerts, now);
                if (folded is null) return null;
                var firingAgain = folded.Timeline.Skip(resolvedByHand.Timeline.Count).Any(e => e.Kind == IncidentEventKind.AlertFiring);
                var next = firingAgain ? ManualChanges.Reopen(folded, now) : folded;
                if (await store.TryUpdateAsync(next, ct))
                {
                    if (firingAgain) log.LogInformation("Reopened {Incident}: alerts firing again after a manual resolve", next.Id);
                    return new IncidentChange(next, resolvedByHand);
                }
            }
            else if (current is null)
            {
                // Resolved alerts for a group with no open incident: nothing to resolve (late resend).
                if (!alerts.Any(a => a.Status == AlertStatus.Firing)) return null;
                if (await store.TryOpenAsync(IncidentFolding.Open(0, groupKey, alerts, now), ct) is { } opened)
                {
                    log.LogInformation("Opened {Incident} for {Service}: {Title}", opened.Id, opened.Service, opened.Title);
                    return new IncidentChange(opened, null);
                }
            }
            else
            {
                var next = IncidentFolding.Fold(current, alerts, now);
                if (next is null) return null;
                if (await store.TryUpdateAsync(next, ct))
                {
                    if (!next.IsOpen) log.LogInformation("Resolved {Incident}", next.Id);
                    return new IncidentChange(next, current);
                }
            }
            // Another writer got there first: read again and fold onto its result.
        }
        throw new InvalidOperationException($"Could not store the change to group {groupKey} after {MaxAttempts} attempts.");
    }

    /// <summary>The group's incident that someone resolved by hand within the reopen window, if any.</summary>
    private async Task<Incident?> FindReopenableAsync(string groupKey, DateTimeOffset now, CancellationToken ct) =>
        await store.FindLatestAsync(groupKey, ct) is { IsOpen: false, ResolvedBy: not null } latest
        && now - latest.ResolvedAt <= options.Value.ReopenWindow
            ? latest
            : null;
}
