using System.Collections.Concurrent;
using SupportBot.EarlyWarning;

namespace SupportBot.Storage.InMemory;

public sealed class InMemoryEarlyWarningStore : IEarlyWarningStore
{
    private readonly ConcurrentDictionary<string, SignalWarning> _warnings = new();

    public Task SaveAsync(SignalWarning warning, CancellationToken ct)
    {
        _warnings.AddOrUpdate(warning.Id, warning, (_, stored) => warning.Version > stored.Version ? warning : stored);
        return Task.CompletedTask;
    }

    public Task<SignalWarning?> GetAsync(string id, CancellationToken ct) =>
        Task.FromResult(_warnings.TryGetValue(id, out var w) ? w : null);

    public Task<IReadOnlyList<SignalWarning>> ListActiveAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SignalWarning>>(_warnings.Values.Where(w => w.IsActive).OrderBy(w => w.RaisedAt).ToList());

    public Task<IReadOnlyList<SignalWarning>> ListRaisedSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SignalWarning>>(_warnings.Values.Where(w => w.RaisedAt >= since).OrderBy(w => w.RaisedAt).ToList());
}
