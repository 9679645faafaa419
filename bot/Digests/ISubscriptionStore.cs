namespace SupportBot.Digests;

/// <summary>
/// Personal subscriptions and the record of digests sent. Narrow so that each call is atomic in every
/// implementation. Intended Redis layout (prefix <c>supportbot:</c>):
/// <list type="bullet">
/// <item><c>subscriptions:next-id</c> — INCR for <see cref="NextIdAsync"/>;</item>
/// <item><c>subscriptions</c> — hash id → subscription JSON;</item>
/// <item><c>subscriptions:user:{userId}</c> — set of that person's ids (add/remove in one MULTI with the hash);</item>
/// <item><c>digests:sent:{id}:{occurrence unix seconds}</c> — SET NX PX for <see cref="TryClaimDigestAsync"/>,
/// DEL for <see cref="ReleaseDigestAsync"/>.</item>
/// </list>
/// </summary>
public interface ISubscriptionStore
{
    Task<int> NextIdAsync(CancellationToken ct);
    Task AddAsync(PersonalSubscription subscription, CancellationToken ct);
    Task<IReadOnlyList<PersonalSubscription>> ListAsync(CancellationToken ct);
    Task<IReadOnlyList<PersonalSubscription>> ListForUserAsync(string userId, CancellationToken ct);

    /// <summary>Removes the subscription if it belongs to <paramref name="userId"/>.</summary>
    Task<bool> RemoveAsync(string userId, int id, CancellationToken ct);

    /// <summary>Removes all of <paramref name="userId"/>'s subscriptions; returns how many there were.</summary>
    Task<int> RemoveAllAsync(string userId, CancellationToken ct);

    /// <summary>
    /// Claims the digest of subscription <paramref name="id"/> due at <paramref name="occurrence"/> for the caller.
    /// Exactly one caller gets true, across instances and restarts, until <paramref name="keep"/> has passed.
    /// </summary>
    Task<bool> TryClaimDigestAsync(int id, DateTimeOffset occurrence, TimeSpan keep, CancellationToken ct);

    /// <summary>Gives a claim back (the digest could not be delivered) so that a later pass may try again.</summary>
    Task ReleaseDigestAsync(int id, DateTimeOffset occurrence, CancellationToken ct);
}
