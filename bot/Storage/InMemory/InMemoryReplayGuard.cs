using System.Collections.Concurrent;

using SupportBot.Sources.Auth;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded store's replay memory: this process only, forgotten at restart (as everything else in it).</summary>
public sealed class InMemoryReplayGuard(TimeProvider time) : IReplayGuard
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _nextSweep;

    public ValueTask<bool> FirstUseAsync(string key, TimeSpan window, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        SweepExpired(now);
        var expires = now + window;
        while (true)
        {
            if (_seen.TryAdd(key, expires)) return ValueTask.FromResult(true);
            if (!_seen.TryGetValue(key, out var until)) continue;
            if (until > now) return ValueTask.FromResult(false);
            if (_seen.TryUpdate(key, expires, until)) return ValueTask.FromResult(true);
        }
    }

    public ValueTask ForgetAsync(string key, CancellationToken ct)
    {
        _seen.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void SweepExpired(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.UtcTicks + TimeSpan.TicksPerMinute, due) != due) return;
        foreach (var (key, until) in _seen)
            if (until <= now) _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
    }
}
