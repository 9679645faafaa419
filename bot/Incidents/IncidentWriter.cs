namespace SupportBot.Incidents;

/// <summary>
/// The one way an incident is written: decide on the incident as stored, write with compare-and-swap on its version
/// (or open it atomically), and when another writer got there first decide again on the fresh version; then hand the
/// stored change to every sink (the briefings, the personal pings). Webhooks and chat commands both write through it,
/// so neither ever loses the other's change.
/// </summary>
public sealed class IncidentWriter(IIncidentStore store, IEnumerable<IIncidentChangeSink> sinks, ILogger log)
{
    public const int MaxAttempts = 64;

    /// <summary>
    /// Runs <paramref name="decide"/> until its write goes through (or it decides on nothing); returns the stored
    /// change, already published, or null when nothing was written.
    /// </summary>
    public async Task<IncidentChange?> WriteAsync(string subject, Func<CancellationToken, Task<IncidentWrite>> decide, CancellationToken ct)
    {
        var change = await StoreAsync(subject, decide, ct);
        if (change is not null) await PublishAsync(change, ct);
        return change;
    }

    /// <summary>As <see cref="WriteAsync"/>, without publishing the change (the caller does, see <see cref="PublishAsync"/>).</summary>
    public async Task<IncidentChange?> StoreAsync(string subject, Func<CancellationToken, Task<IncidentWrite>> decide, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            IncidentChange? change;
            switch (await decide(ct))
            {
                case IncidentWrite.Update u:
                    change = await store.TryUpdateAsync(u.Next, ct) ? new IncidentChange(u.Next, u.Previous) : null;
                    break;
                case IncidentWrite.Open o:
                    change = await store.TryOpenAsync(o.Draft, ct) is { } opened ? new IncidentChange(opened, null) : null;
                    break;
                default:
                    return null;
            }
            if (change is null) continue; // another writer got there first: decide again on its result
            log.LogInformation("{Incident} v{Version}: {Change}", change.Current.Id, change.Current.Version, change.NewEvents.LastOrDefault()?.Text);
            return change;
        }
        throw new InvalidOperationException($"Could not store the change to {subject} after {MaxAttempts} attempts.");
    }

    /// <summary>Hands a stored change to every sink (the briefings, the personal pings).</summary>
    public async Task PublishAsync(IncidentChange change, CancellationToken ct)
    {
        foreach (var sink in sinks) await sink.PublishAsync(change, ct);
    }
}

/// <summary>What a writer decided to store.</summary>
public abstract record IncidentWrite
{
    /// <summary>Nothing to store (the incident already says it, or the change does not apply).</summary>
    public static readonly IncidentWrite None = new NoWrite();

    /// <summary>Store <paramref name="Next"/> if the stored version is still <paramref name="Previous"/>'s.</summary>
    public sealed record Update(Incident Previous, Incident Next) : IncidentWrite;

    /// <summary>Open <paramref name="Draft"/> under the next number unless its group has an open incident.</summary>
    public sealed record Open(Incident Draft) : IncidentWrite;

    private sealed record NoWrite : IncidentWrite;
}
