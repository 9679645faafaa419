using SupportBot.Incidents;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded default: all state in this process, lost on restart.</summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Incident> _byNumber = [];
    private readonly Dictionary<string, int> _openByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _latestByGroup = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(int, long, int), int> _openRanked = [];
    private readonly SortedSet<(long ResolvedAt, int Number)> _resolved = [];
    private readonly Dictionary<string, SortedSet<int>> _byService = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _services = new(StringComparer.OrdinalIgnoreCase);
    private int _counter;
    private long _changeSequence;
    private readonly SortedSet<(long Sequence, int Number)> _changes = [];
    private readonly Dictionary<int, long> _lastChange = [];

    public Task<Incident?> FindOpenAsync(string groupKey, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_openByGroup.TryGetValue(groupKey, out var n) ? _byNumber[n] : null);
    }

    public Task<Incident?> GetAsync(int number, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_byNumber.GetValueOrDefault(number));
    }

    public Task<Incident?> FindLatestAsync(string groupKey, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_latestByGroup.TryGetValue(groupKey, out var n) ? _byNumber[n] : null);
    }

    public Task<ChangedIncidents> ListChangedSinceAsync(long after, int limit, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(new ChangedIncidents(
                _changes.GetViewBetween((after + 1, int.MinValue), (long.MaxValue, int.MaxValue)).Take(limit).Select(c => new ChangedIncident(c.Number, c.Sequence)).ToList(),
                _changeSequence));
    }

    public Task<OpenIncidents> ListOpenAsync(int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            var numbers = limit > 0 ? _openRanked.Values.Take(limit) : _openRanked.Values;
            return Task.FromResult(new OpenIncidents(numbers.Select(n => _byNumber[n]).ToList(), _openRanked.Count));
        }
    }

    public Task<OpenCounts> CountOpenBySeverityAsync(CancellationToken ct)
    {
        var counts = new int[IncidentOrdering.OpenScoreBands.Count];
        lock (_gate)
            foreach (var (severity, _, _) in _openRanked.Keys) counts[severity]++;
        return Task.FromResult(new OpenCounts(counts));
    }

    public IAsyncEnumerable<IReadOnlyList<Incident>> ReadOpenInBatchesAsync(int batch, CancellationToken ct)
    {
        lock (_gate)
            return _openRanked.Values.Select(n => _byNumber[n]).Chunk(batch).ToList().ToAsyncEnumerable();
    }

    public Task<IReadOnlyList<int>> RemoveResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        lock (_gate)
        {
            var old = _resolved.GetViewBetween((long.MinValue, int.MinValue), (cutoff.UtcTicks, int.MinValue))
                .Select(r => _byNumber[r.Number]).Where(i => !i.IsOpen && i.ResolvedAt < cutoff).ToList();
            foreach (var incident in old)
            {
                _byNumber.Remove(incident.Number);
                if (_lastChange.Remove(incident.Number, out var sequence)) _changes.Remove((sequence, incident.Number));
                if (_latestByGroup.TryGetValue(incident.GroupKey, out var latest) && latest == incident.Number) _latestByGroup.Remove(incident.GroupKey);
                Unindex(incident);
            }
            return Task.FromResult<IReadOnlyList<int>>(old.Select(i => i.Number).ToList());
        }
    }

    public Task<IReadOnlyList<Incident>> ListActiveSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        lock (_gate)
        {
            var resolved = _resolved.GetViewBetween((since.UtcTicks, int.MinValue), (long.MaxValue, int.MaxValue)).Select(r => _byNumber[r.Number]);
            return Task.FromResult<IReadOnlyList<Incident>>(IncidentOrdering.Sort(_openRanked.Values.Select(n => _byNumber[n]).Concat(resolved)));
        }
    }

    public Task<IReadOnlyList<Incident>> ListOpenForServiceAsync(string service, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Incident>>(IncidentOrdering.Sort(OfService(service).Where(i => i.IsOpen)));
    }

    public Task<IReadOnlyList<Incident>> ListResolvedForServiceAsync(string service, DateTimeOffset since, int limit, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Incident>>(OfService(service)
                .Where(i => !i.IsOpen && IncidentOrdering.ResolvedOrStarted(i) >= since)
                .OrderByDescending(IncidentOrdering.ResolvedOrStarted).ThenByDescending(i => i.Number)
                .Take(limit).ToList());
    }

    /// <summary>Called under the lock.</summary>
    private IEnumerable<Incident> OfService(string service) =>
        _byService.TryGetValue(service, out var numbers) ? numbers.Select(n => _byNumber[n]) : [];

    public Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>(_services.Values.ToList());
    }

    public Task<IReadOnlyList<Incident>> ListRecentAsync(int limit, int? before, CancellationToken ct)
    {
        lock (_gate)
        {
            var top = Math.Min(_counter, (before ?? int.MaxValue) - 1);
            var recent = new List<Incident>();
            for (var n = top; n >= 1 && recent.Count < limit; n--)
                if (_byNumber.TryGetValue(n, out var incident)) recent.Add(incident);
            return Task.FromResult<IReadOnlyList<Incident>>(recent);
        }
    }

    public Task<int> CountAsync(CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_byNumber.Count);
    }

    public Task<Incident?> TryOpenAsync(Incident draft, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_openByGroup.ContainsKey(draft.GroupKey)) return Task.FromResult<Incident?>(null);
            var incident = draft with { Number = Interlocked.Increment(ref _counter) };
            return Task.FromResult<Incident?>(Create(incident) ? incident : null);
        }
    }

    /// <summary>Called under the lock.</summary>
    private bool Create(Incident incident)
    {
        if (_byNumber.ContainsKey(incident.Number)) return false;
        if (incident.IsOpen && !_openByGroup.TryAdd(incident.GroupKey, incident.Number)) return false;
        _byNumber[incident.Number] = incident;
        if (incident.IsOpen) _openRanked[IncidentOrdering.OpenRank(incident)] = incident.Number;
        Index(null, incident);
        if (!_latestByGroup.TryGetValue(incident.GroupKey, out var latest) || latest < incident.Number)
            _latestByGroup[incident.GroupKey] = incident.Number;
        return true;
    }

    public Task<bool> TryUpdateAsync(Incident next, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_byNumber.TryGetValue(next.Number, out var stored) || stored.Version != next.Version - 1)
                return Task.FromResult(false);
            if (next.IsOpen && _openByGroup.TryGetValue(next.GroupKey, out var other) && other != next.Number)
                return Task.FromResult(false);
            _byNumber[next.Number] = next;
            if (stored.IsOpen) _openRanked.Remove(IncidentOrdering.OpenRank(stored));
            if (next.IsOpen) _openRanked[IncidentOrdering.OpenRank(next)] = next.Number;
            Index(stored, next);
            if (next.IsOpen) _openByGroup[next.GroupKey] = next.Number;
            else if (_openByGroup.TryGetValue(next.GroupKey, out var open) && open == next.Number) _openByGroup.Remove(next.GroupKey);
            return Task.FromResult(true);
        }
    }

    /// <summary>Keeps the service, resolved-time and change indexes in step with a write. Called under the lock.</summary>
    private void Index(Incident? stored, Incident next)
    {
        if (_lastChange.TryGetValue(next.Number, out var previous)) _changes.Remove((previous, next.Number));
        _lastChange[next.Number] = ++_changeSequence;
        _changes.Add((_changeSequence, next.Number));
        if (stored is { IsOpen: false }) _resolved.Remove((IncidentOrdering.ResolvedOrStarted(stored).UtcTicks, stored.Number));
        if (!next.IsOpen) _resolved.Add((IncidentOrdering.ResolvedOrStarted(next).UtcTicks, next.Number));
        _services.TryAdd(next.Service, next.Service);
        if (!_byService.TryGetValue(next.Service, out var numbers)) _byService[next.Service] = numbers = [];
        numbers.Add(next.Number);
    }

    /// <summary>Takes a removed incident out of the indexes; a service left with no incident is no longer listed. Called under the lock.</summary>
    private void Unindex(Incident removed)
    {
        _resolved.Remove((IncidentOrdering.ResolvedOrStarted(removed).UtcTicks, removed.Number));
        if (!_byService.TryGetValue(removed.Service, out var numbers)) return;
        numbers.Remove(removed.Number);
        if (numbers.Count > 0) return;
        _byService.Remove(removed.Service);
        _services.Remove(removed.Service);
    }
}
