using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// Incidents, kept narrow so that each call is atomic in every implementation (in-process or Redis):
/// creation fails when the group already has an open incident, updates are compare-and-swap on Version.
/// </summary>
public interface IIncidentStore
{
    Task<Incident?> FindOpenAsync(string groupKey, CancellationToken ct);
    Task<Incident?> GetAsync(int number, CancellationToken ct);

    /// <summary>The group's most recent incident, open or resolved (to reopen one resolved by hand).</summary>
    Task<Incident?> FindLatestAsync(string groupKey, CancellationToken ct);

    /// <summary>
    /// The <paramref name="limit"/> most severe open incidents (then newest), and how many are open in all: what status
    /// questions need, without reading the history or every open incident. A limit of 0 or less returns them all.
    /// </summary>
    Task<OpenIncidents> ListOpenAsync(int limit, CancellationToken ct);

    /// <summary>How many incidents are open at each severity, counted in the open incidents' ranking without reading them.</summary>
    Task<OpenCounts> CountOpenBySeverityAsync(CancellationToken ct);

    /// <summary>
    /// Every open incident, in batches of about <paramref name="batch"/>, for background passes over all of them: each
    /// batch is one small read, so answers asked meanwhile are not held up behind one read of thousands of incidents.
    /// Not a snapshot: an incident open all along comes at least once; one opened, changed or resolved meanwhile may come
    /// or not (resolved, or twice), so a caller reads the change log from before the first batch to catch up on those.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<Incident>> ReadOpenInBatchesAsync(int batch, CancellationToken ct);

    /// <summary>
    /// The incidents written after change <paramref name="after"/>, oldest change first, at most <paramref name="limit"/>.
    /// Every write (open, update) takes the next number of one change sequence and an incident is listed once, at its
    /// last write; incidents kept from before the sequence existed are listed at 0, removed ones not at all. What the
    /// reconciler reads instead of every incident: start with -1, then pass the last sequence seen.
    /// </summary>
    Task<ChangedIncidents> ListChangedSinceAsync(long after, int limit, CancellationToken ct);

    /// <summary>
    /// Removes every incident resolved before <paramref name="cutoff"/> (with its version, and its group's "latest"
    /// pointer when that is the removed incident); open incidents stay. Returns the numbers removed.
    /// </summary>
    Task<IReadOnlyList<int>> RemoveResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>
    /// Every incident open at some time since <paramref name="since"/>: the open ones and those resolved at or after it,
    /// open first (most severe, then newest), then resolved ones newest first. Read through indexes: the cost follows what it returns, not the history kept.
    /// </summary>
    Task<IReadOnlyList<Incident>> ListActiveSinceAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>The open incidents of <paramref name="service"/> (matched case-insensitively), most severe then newest, read through a per-service index.</summary>
    Task<IReadOnlyList<Incident>> ListOpenForServiceAsync(string service, CancellationToken ct);

    /// <summary>
    /// The incidents of <paramref name="service"/> resolved at or after <paramref name="since"/>, last resolved first, at
    /// most <paramref name="limit"/>, read through a per-service index: the cost follows what it returns.
    /// </summary>
    Task<IReadOnlyList<Incident>> ListResolvedForServiceAsync(string service, DateTimeOffset since, int limit, CancellationToken ct);

    /// <summary>Every service an incident was ever opened for, each once (as first written).</summary>
    Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken ct);

    /// <summary>The newest <paramref name="limit"/> incidents numbered below <paramref name="before"/> (any state), newest first.</summary>
    Task<IReadOnlyList<Incident>> ListRecentAsync(int limit, int? before, CancellationToken ct);

    /// <summary>How many incidents are stored.</summary>
    Task<int> CountAsync(CancellationToken ct);

    /// <summary>
    /// Opens <paramref name="draft"/> under the next incident number, unless its group already has an open incident
    /// (then null). Number and creation are one atomic step, so racing webhooks leave no gaps in the numbering.
    /// </summary>
    Task<Incident?> TryOpenAsync(Incident draft, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="next"/> only if the stored version is exactly next.Version - 1. The update may reopen a
    /// resolved incident (an alert firing again after a manual resolve); that fails if its group has another open one.
    /// </summary>
    Task<bool> TryUpdateAsync(Incident next, CancellationToken ct);
}

/// <summary>An incident and the sequence number of its last write (see <see cref="IIncidentStore.ListChangedSinceAsync"/>).</summary>
public sealed record ChangedIncident(int Number, long Sequence);

/// <summary>A page of the change log, and the last sequence number taken (0: none yet): less than a caller's mark only when the store was emptied.</summary>
public sealed record ChangedIncidents(IReadOnlyList<ChangedIncident> Changed, long Newest);

/// <summary>How many incidents are open at each severity; <paramref name="bySeverity"/> is indexed by the severity's value.</summary>
public sealed class OpenCounts(IReadOnlyList<int> bySeverity)
{
    public int this[Severity severity] => bySeverity[(int)severity];
}

/// <summary>The most severe open incidents (as many as asked for) and the number open in all.</summary>
public sealed record OpenIncidents(IReadOnlyList<Incident> MostSevere, int Count);
