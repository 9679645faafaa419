namespace SupportBot.EarlyWarning;

/// <summary>Where warnings live, so every instance can list them and the leader can pick them up after a failover.</summary>
public interface IEarlyWarningStore
{
    /// <summary>Inserts or replaces the warning (by id) when <paramref name="warning"/>'s version is newer than the stored one.</summary>
    Task SaveAsync(SignalWarning warning, CancellationToken ct);

    Task<SignalWarning?> GetAsync(string id, CancellationToken ct);

    /// <summary>Warnings still out (active or crossed), oldest first.</summary>
    Task<IReadOnlyList<SignalWarning>> ListActiveAsync(CancellationToken ct);

    /// <summary>Warnings raised at or after <paramref name="since"/>, for digests.</summary>
    Task<IReadOnlyList<SignalWarning>> ListRaisedSinceAsync(DateTimeOffset since, CancellationToken ct);
}
