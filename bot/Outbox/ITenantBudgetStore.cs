namespace SupportBot.Outbox;

/// <summary>
/// The sends of every instance to one Teams tenant, for Teams' per-app, per-tenant limit. A send takes a place before
/// it goes and counts until the latest moment it can reach the channel (its bound); settled, it counts from when it
/// was over. A send then never shares a window with more than the limit of others, whatever its delay on the way.
/// Urgent sends (a new incident's card, a roll-up's next incident, a resolution) come first across the tenant's
/// conversations: other sends leave the last places of each window to them (<see cref="TenantBudget.ForOthers"/>),
/// and take none while an urgent send waits for one.
/// </summary>
public interface ITenantBudgetStore
{
    /// <summary>
    /// Takes a place for the send <paramref name="sendId"/> when fewer than <paramref name="limit"/> sends of the tenant
    /// count in the window ending at <paramref name="now"/> (its edges included) and the tenant is not paused;
    /// otherwise takes nothing and says when to ask again. A send that is not <paramref name="urgent"/> gets a place
    /// only under <see cref="TenantBudget.ForOthers"/> of the limit, and none while an urgent send of the tenant waits
    /// (one that was refused a place and is to ask again; it stops waiting once it has one, or a window after it was
    /// to ask): then it is <see cref="TenantTake.Yielded"/>.
    /// </summary>
    Task<TenantTake> TryTakeAsync(string tenant, string sendId, DateTimeOffset now, DateTimeOffset bound, int limit, TimeSpan window, bool urgent, CancellationToken ct);

    /// <summary>The send is over: it counts at <paramref name="at"/> instead of its bound, or not at all when null (nothing was sent).</summary>
    Task SettleAsync(string tenant, string sendId, DateTimeOffset? at, CancellationToken ct);

    /// <summary>Counts <paramref name="count"/> sends that took no place (replies the bot gave in a turn) at <paramref name="at"/>.</summary>
    Task RecordAsync(string tenant, DateTimeOffset at, int count, CancellationToken ct);

    /// <summary>The channel said "too many requests" for the tenant: no place is given before <paramref name="until"/> (a longer pause stays).</summary>
    Task PauseAsync(string tenant, DateTimeOffset until, CancellationToken ct);
}

/// <summary>
/// Either a place was taken, or none is free before <see cref="RetryAt"/>; <see cref="Yielded"/>: none for this send
/// because an urgent send of the tenant waits for the next ones.
/// </summary>
public readonly record struct TenantTake(bool Taken, DateTimeOffset RetryAt, bool Yielded = false)
{
    public static readonly TenantTake Granted = new(true, default);

    public static TenantTake NotBefore(DateTimeOffset at) => new(false, at);

    public static TenantTake YieldedUntil(DateTimeOffset at) => new(false, at, Yielded: true);
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

    /// <summary>
    /// The places of a window a send that is not urgent may take: all but a tenth of the limit (rounded down), so that
    /// a new card finds a place at once even while the tenant's updates keep its budget spent.
    /// </summary>
    public static int ForOthers(int limit) => limit - limit / 10;

    /// <summary>
    /// When a send that yielded to waiting urgent ones asks again: a little after the last of them was to ask
    /// (<paramref name="lastUrgentAsk"/>), and within a window.
    /// </summary>
    public static DateTimeOffset AfterUrgent(DateTimeOffset lastUrgentAsk, DateTimeOffset now, TimeSpan window)
    {
        var after = (lastUrgentAsk > now ? lastUrgentAsk : now) + window / 20;
        return after < now + window ? after : now + window;
    }
}
