namespace SupportBot.Outbox;

/// <summary>
/// The sends of every instance to one Teams tenant, for Teams' per-app, per-tenant limit. A send takes a place before
/// it goes and counts until the latest moment it can reach the channel (its bound); settled, it counts from when it
/// was over. A send then never shares a window with more than the limit of others, whatever its delay on the way.
/// </summary>
public interface ITenantBudgetStore
{
    /// <summary>
    /// Takes a place for the send <paramref name="sendId"/> when fewer than <paramref name="limit"/> sends of the tenant
    /// count in the window ending at <paramref name="now"/> (its edges included) and the tenant is not paused;
    /// otherwise takes nothing and says when to ask again.
    /// </summary>
    Task<TenantTake> TryTakeAsync(string tenant, string sendId, DateTimeOffset now, DateTimeOffset bound, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>The send is over: it counts at <paramref name="at"/> instead of its bound, or not at all when null (nothing was sent).</summary>
    Task SettleAsync(string tenant, string sendId, DateTimeOffset? at, CancellationToken ct);

    /// <summary>Counts <paramref name="count"/> sends that took no place (replies the bot gave in a turn) at <paramref name="at"/>.</summary>
    Task RecordAsync(string tenant, DateTimeOffset at, int count, CancellationToken ct);

    /// <summary>The channel said "too many requests" for the tenant: no place is given before <paramref name="until"/> (a longer pause stays).</summary>
    Task PauseAsync(string tenant, DateTimeOffset until, CancellationToken ct);
}

/// <summary>Either a place was taken, or none is free before <see cref="RetryAt"/>.</summary>
public readonly record struct TenantTake(bool Taken, DateTimeOffset RetryAt)
{
    public static readonly TenantTake Granted = new(true, default);

    public static TenantTake NotBefore(DateTimeOffset at) => new(false, at);
}

public static class TenantBudget
{
    /// <summary>Past the window's edge, as for a conversation: send times are kept to the millisecond.</summary>
    public static readonly TimeSpan EdgeMargin = TimeSpan.FromMilliseconds(1);

    /// <summary>Sends older than this count in no window the store is asked about (Redis expires them after it too).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When a place frees in a full window: once the limit-th newest send has left it. A send still counting until its
    /// bound may settle any moment: asked again a window later at the latest.
    /// </summary>
    public static DateTimeOffset NextPlace(DateTimeOffset limitthNewest, DateTimeOffset now, TimeSpan window)
    {
        var freed = limitthNewest + window + EdgeMargin;
        return freed < now + window ? freed : now + window;
    }
}
