using SupportBot.Digests;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded default: subscriptions and sent digests in this process, lost on restart.</summary>
public sealed class InMemorySubscriptionStore(TimeProvider time) : ISubscriptionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, PersonalSubscription> _byId = [];
    private readonly Dictionary<(int, DateTimeOffset), DateTimeOffset> _claims = [];
    private int _counter;

    public Task<int> NextIdAsync(CancellationToken ct) => Task.FromResult(Interlocked.Increment(ref _counter));

    public Task AddAsync(PersonalSubscription subscription, CancellationToken ct)
    {
        lock (_gate) _byId[subscription.Id] = subscription;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PersonalSubscription>> ListAsync(CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<PersonalSubscription>>(_byId.Values.ToList());
    }

    public Task<IReadOnlyList<PersonalSubscription>> ListForUserAsync(string userId, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<PersonalSubscription>>(_byId.Values.Where(s => s.UserId == userId).ToList());
    }

    public Task<bool> RemoveAsync(string userId, int id, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_byId.TryGetValue(id, out var s) && s.UserId == userId && _byId.Remove(id));
    }

    public Task<int> RemoveAllAsync(string userId, CancellationToken ct)
    {
        lock (_gate)
        {
            var mine = _byId.Values.Where(s => s.UserId == userId).Select(s => s.Id).ToList();
            foreach (var id in mine) _byId.Remove(id);
            return Task.FromResult(mine.Count);
        }
    }

    public Task<bool> TryClaimDigestAsync(int id, DateTimeOffset occurrence, TimeSpan keep, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _claims.Where(c => c.Value <= now).Select(c => c.Key).ToList()) _claims.Remove(expired);
            return Task.FromResult(_claims.TryAdd((id, occurrence), now + keep));
        }
    }

    public Task ReleaseDigestAsync(int id, DateTimeOffset occurrence, CancellationToken ct)
    {
        lock (_gate) _claims.Remove((id, occurrence));
        return Task.CompletedTask;
    }
}
