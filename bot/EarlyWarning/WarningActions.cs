namespace SupportBot.EarlyWarning;

/// <summary>What people and incidents do to warnings: on-call's buttons, and an incident opening for the service.</summary>
public sealed class WarningActions(IEarlyWarningStore store, IEnumerable<IEarlyWarningSink> sinks, TimeProvider time)
{
    /// <summary>"Looking at it": the card names who. Null when the warning is unknown or already over.</summary>
    public Task<SignalWarning?> LookAsync(string id, string who, CancellationToken ct) =>
        ChangeAsync(id, w => w.IsActive && w.LookingBy is null ? w with { LookingBy = who } : null, ct);

    /// <summary>"Dismiss": the card says by whom and loses its buttons; the forecast no longer updates it.</summary>
    public Task<SignalWarning?> DismissAsync(string id, string who, CancellationToken ct) =>
        ChangeAsync(id, w => w.IsActive ? w with { Status = WarningStatus.Dismissed, DismissedBy = who, EndedAt = time.GetUtcNow(), CrossingIn = null } : null, ct);

    /// <summary>
    /// An incident opened for <paramref name="service"/>: every warning out for it came true, with the lead time
    /// (incident start minus warning). Returns those warnings, for the incident's card.
    /// </summary>
    public async Task<IReadOnlyList<SignalWarning>> IncidentOpenedAsync(string service, int incidentNumber, DateTimeOffset startedAt, CancellationToken ct)
    {
        var cameTrue = new List<SignalWarning>();
        foreach (var warning in await store.ListActiveAsync(ct))
        {
            if (!string.Equals(warning.Service, service, StringComparison.OrdinalIgnoreCase)) continue;
            var lead = startedAt - warning.RaisedAt;
            var changed = await ChangeAsync(warning.Id, w => w.IsActive
                ? w with { Status = WarningStatus.CameTrue, IncidentNumber = incidentNumber, Lead = lead > TimeSpan.Zero ? lead : null, CrossingIn = null }
                : null, ct);
            if (changed is not null) cameTrue.Add(changed);
        }
        return cameTrue;
    }

    private async Task<SignalWarning?> ChangeAsync(string id, Func<SignalWarning, SignalWarning?> change, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } stored || change(stored) is not { } changed) return null;
        changed = changed with { Version = stored.Version + 1, UpdatedAt = time.GetUtcNow() };
        await store.SaveAsync(changed, ct);
        foreach (var sink in sinks) await sink.PublishAsync(changed, ct);
        return changed;
    }
}
