using System.Collections;
using System.Diagnostics.CodeAnalysis;
using SupportBot.Alerts;

namespace SupportBot.Incidents;

/// <summary>
/// One list of an incident's alerts by fingerprint, with the figures the fold and the cards ask of them again and again
/// (<see cref="AlertFigures"/>). Every webhook looks its alerts up here (most are resends), and a change makes the next
/// version's index from this one: what changed goes into a small overlay over the same base, which is never changed
/// and so shared by the versions; once the overlay has grown, the next version gets a new base. A change to an
/// incident of thousands of alerts so costs about what it changed, not a copy of the whole index (past ~3,500 alerts a
/// large-object allocation each time: gen 2 collections all through a storm).
/// </summary>
internal sealed class AlertIndex : IReadOnlyDictionary<string, TrackedAlert>
{
    /// <summary>Up to this many fingerprints an index is one dictionary, copied by each change.</summary>
    private const int SmallIncident = 64;

    private readonly Dictionary<string, TrackedAlert> _base;
    private readonly Dictionary<string, TrackedAlert?>? _overlay;   // null value: no longer in the list

    private static long _lastId;

    private AlertIndex(Dictionary<string, TrackedAlert> @base, Dictionary<string, TrackedAlert?>? overlay, int count, AlertFigures figures,
        AlertIndexChange? madeFrom = null)
    {
        _base = @base;
        _overlay = overlay;
        Count = count;
        Figures = figures;
        MadeFrom = madeFrom;
    }

    public int Count { get; }

    /// <summary>Tells this index from every other one this process made (what <see cref="AlertIndexChange.From"/> names).</summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    /// <summary>
    /// The index this one was made from by <see cref="With"/> and what that put in and took out; null for a built one.
    /// The index is named by its <see cref="Id"/>, not held: each version's index would otherwise keep every earlier one alive.
    /// </summary>
    public AlertIndexChange? MadeFrom { get; }

    /// <summary>Firing and resolved counts, the most severe firing severity and the earliest firing start of the list.</summary>
    public AlertFigures Figures { get; }

    public static AlertIndex Build(IReadOnlyList<TrackedAlert> alerts, AlertFigures figures)
    {
        var index = new Dictionary<string, TrackedAlert>(alerts.Count, StringComparer.Ordinal);
        foreach (var alert in alerts) index[alert.Fingerprint] = alert;
        return new AlertIndex(index, null, index.Count, figures);
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TrackedAlert value)
    {
        if (_overlay is not null && _overlay.TryGetValue(key, out var changed))
        {
            value = changed;
            return changed is not null;
        }
        return _base.TryGetValue(key, out value);
    }

    /// <summary>
    /// The index of the next list of alerts: this one with <paramref name="set"/> (new alerts, or new states of known
    /// ones) put in and <paramref name="removed"/> taken out; <paramref name="figures"/> are the next list's.
    /// </summary>
    public AlertIndex With(IEnumerable<TrackedAlert> set, IEnumerable<string> removed, AlertFigures figures)
    {
        var count = Count;
        var put = set.ToArray();
        var takenOut = new List<string>();
        if (Count + 1 <= SmallIncident)
        {
            var copy = Materialize();
            foreach (var alert in put)
                if (copy.TryAdd(alert.Fingerprint, alert)) count++;
                else copy[alert.Fingerprint] = alert;
            foreach (var fingerprint in removed)
                if (copy.Remove(fingerprint))
                {
                    count--;
                    takenOut.Add(fingerprint);
                }
            return new AlertIndex(copy, null, count, figures, new AlertIndexChange(Id, put, takenOut));
        }

        var overlay = _overlay is null ? new Dictionary<string, TrackedAlert?>(StringComparer.Ordinal) : new Dictionary<string, TrackedAlert?>(_overlay, StringComparer.Ordinal);
        foreach (var alert in put)
        {
            if (!InNext(alert.Fingerprint)) count++;
            overlay[alert.Fingerprint] = alert;
        }
        foreach (var fingerprint in removed)
        {
            if (!InNext(fingerprint)) continue;
            count--;
            overlay[fingerprint] = null;
            takenOut.Add(fingerprint);
        }
        bool InNext(string fingerprint) => overlay.TryGetValue(fingerprint, out var now) ? now is not null : _base.ContainsKey(fingerprint);

        // A new base once the overlay is about 2·√n: a change copies at most that many entries, and a new base (n
        // entries, copied with their hash codes) comes once every √n changes or so.
        var change = new AlertIndexChange(Id, put, takenOut);
        var next = new AlertIndex(_base, overlay, count, figures, change);
        return overlay.Count > 2 * Math.Sqrt(count) + 8 ? new AlertIndex(next.Materialize(), null, count, figures, change) : next;
    }

    /// <summary>Base and overlay as one new dictionary (the base's entries copied with their hash codes, none hashed again).</summary>
    private Dictionary<string, TrackedAlert> Materialize()
    {
        var copy = new Dictionary<string, TrackedAlert>(_base, StringComparer.Ordinal);
        if (_overlay is null) return copy;
        foreach (var (fingerprint, alert) in _overlay)
            if (alert is null) copy.Remove(fingerprint);
            else copy[fingerprint] = alert;
        return copy;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public TrackedAlert this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(p => p.Key);
    public IEnumerable<TrackedAlert> Values => this.Select(p => p.Value);

    public IEnumerator<KeyValuePair<string, TrackedAlert>> GetEnumerator()
    {
        foreach (var pair in _base)
            if (_overlay is null || !_overlay.ContainsKey(pair.Key))
                yield return pair;
        if (_overlay is null) yield break;
        foreach (var (fingerprint, alert) in _overlay)
            if (alert is not null)
                yield return new(fingerprint, alert);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// How an index was made from the one whose <see cref="AlertIndex.Id"/> is <paramref name="From"/>: <paramref name="Set"/>
/// put in (new alerts, or new states of known ones), then <paramref name="Removed"/> taken out. A store that holds the
/// version of that index writes only these (see the Redis store's alert hash).
/// </summary>
internal sealed record AlertIndexChange(long From, IReadOnlyList<TrackedAlert> Set, IReadOnlyList<string> Removed);

/// <summary>What the fold and the cards need of a list of alerts, counted in one pass or kept up to date by a change.</summary>
internal readonly record struct AlertFigures(int Firing, int Resolved, Severity MostSevereFiring, DateTimeOffset EarliestFiringStart)
{
    private static readonly AlertFigures None = new(0, 0, Severity.Info, DateTimeOffset.MaxValue);

    public static AlertFigures Of(IEnumerable<TrackedAlert> alerts)
    {
        var figures = None;
        foreach (var alert in alerts) figures = figures.With(alert);
        return figures;
    }

    /// <summary>These figures with one more alert in the list.</summary>
    public AlertFigures With(TrackedAlert alert) => alert.Status != AlertStatus.Firing
        ? this with { Resolved = Resolved + 1 }
        : new(Firing + 1, Resolved,
            Firing == 0 || alert.Severity < MostSevereFiring ? alert.Severity : MostSevereFiring,
            alert.StartsAt < EarliestFiringStart ? alert.StartsAt : EarliestFiringStart);
}
