namespace SupportBot.Coordination;

/// <summary>
/// A named lease that at most one bot instance holds at a time, so that schedulers (reminders, digests) run once
/// even when several instances share one store. Holders renew by calling <see cref="TryAcquireAsync"/> again
/// before the lease expires.
/// </summary>
public interface ILeaderLock
{
    /// <summary>True when this instance holds <paramref name="name"/> for the next <paramref name="lease"/> (newly or renewed).</summary>
    Task<bool> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct);

    Task ReleaseAsync(string name, CancellationToken ct);
}
