using Microsoft.Extensions.Options;
using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Folds normalized alerts into incidents: deduplicates by fingerprint, groups by group key, resolves when
/// every alert of an incident has resolved. Writes go through the <see cref="IncidentWriter"/> (compare-and-swap on
/// the incident's version), so concurrent webhooks for the same group never lose an update or open two incidents.
/// Within this instance the webhooks of one group also take turns (see <see cref="TurnsByKey"/>): each decides on the
/// version the one before stored, so the compare-and-swap fails only on another instance's or a chat command's change.
/// </summary>
public sealed class IncidentEngine(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, TimeProvider time,
    IOptions<IncidentOptions> options, ILogger<IncidentEngine> log)
{
    private readonly IncidentWriter _writer = new(store, sinks, log);
    private readonly TurnsByKey _groupTurns = new();

    public async Task<IReadOnlyList<IncidentChange>> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        // Most webhooks carry one group (Alertmanager sends one per group): no grouping to do for those.
        if (SingleGroup(alerts) is { } only)
            return await IngestGroupAsync(only, alerts, ct) is { } change ? [change] : [];
        var changes = new List<IncidentChange>();
        foreach (var group in alerts.GroupBy(a => a.GroupKey, StringComparer.Ordinal))
            if (await IngestGroupAsync(group.Key, group.ToList(), ct) is { } change)
                changes.Add(change);
        return changes;
    }

    private async Task<IncidentChange?> IngestGroupAsync(string groupKey, IReadOnlyList<Alert> batch, CancellationToken ct)
    {
        IncidentChange? change;
        // The turn ends once the change is stored: the sinks (which may post cards) do not hold up the group's next webhook.
        using (await _groupTurns.EnterAsync(groupKey, ct))
            change = await _writer.StoreAsync($"group {groupKey}", c => DecideAsync(groupKey, batch, c), ct);
        if (change is not null) await _writer.PublishAsync(change, ct);
        return change;
    }

    /// <summary>How many groups are being written (or waited for) on this instance now.</summary>
    internal int GroupsInTurn => _groupTurns.Count;

    private static string? SingleGroup(IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0) return null;
        var key = alerts[0].GroupKey;
        for (var i = 1; i < alerts.Count; i++)
            if (!string.Equals(alerts[i].GroupKey, key, StringComparison.Ordinal)) return null;
        return key;
    }

    private async Task<IncidentWrite> DecideAsync(string groupKey, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var current = await store.FindOpenAsync(groupKey, ct);
        var now = time.GetUtcNow();
        var rules = options.Value.FlapRules;
        if (current is not null)
            return IncidentFolding.Fold(current, alerts, now) is { } next
                ? new IncidentWrite.Update(current, FlapDamping.Apply(current, next, now, rules))
                : IncidentWrite.None;

        var latest = await store.FindLatestAsync(groupKey, ct);
        if (latest is { IsOpen: false, ResolvedBy: not null } && now - latest.ResolvedAt <= options.Value.ReopenWindow)
        {
            var folded = IncidentFolding.Fold(latest, alerts, now);
            if (folded is null) return IncidentWrite.None;
            var firingAgain = folded.Timeline.Skip(latest.Timeline.Count).Any(e => e.Kind == IncidentEventKind.AlertFiring);
            return new IncidentWrite.Update(latest, firingAgain ? ManualChanges.Reopen(folded, now) : folded);
        }
        // Monitoring resolved it a moment ago: alerts firing again are the same problem coming back (or flapping).
        if (latest is { IsOpen: false, ResolvedBy: null } && now - FlapDamping.ResolvedSeenAt(latest) < rules.Window
            && IncidentFolding.Fold(latest, alerts, now) is { FiringCount: > 0 } refired)
            return new IncidentWrite.Update(latest, FlapDamping.Apply(latest, refired, now, rules));

        // Resolved alerts for a group with no open incident: nothing to resolve (late resend).
        return alerts.Any(a => a.Status == AlertStatus.Firing)
            ? new IncidentWrite.Open(IncidentFolding.Open(0, groupKey, alerts, now))
            : IncidentWrite.None;
    }

    /// <summary>
    /// What time does to flapping incidents (see <see cref="FlapDamping.Settle"/>): a quiet one stops flapping, a
    /// held-back card update goes out once the interval allows. Returns the stored change, or null when none was due.
    /// </summary>
    public Task<IncidentChange?> SettleFlappingAsync(int number, CancellationToken ct) =>
        _writer.WriteAsync($"flapping INC-{number}", async c =>
            await store.GetAsync(number, c) is { } incident && FlapDamping.Settle(incident, time.GetUtcNow(), options.Value.FlapRules) is { } next
                ? new IncidentWrite.Update(incident, next)
                : IncidentWrite.None, ct);
}
