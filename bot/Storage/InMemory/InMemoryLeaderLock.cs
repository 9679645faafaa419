using SupportBot.Coordination;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded default: one process, so this instance is always the leader.</summary>
public sealed class InMemoryLeaderLock : ILeaderLock
{
    public Task<bool> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct) => Task.FromResult(true);

    public Task ReleaseAsync(string name, CancellationToken ct) => Task.CompletedTask;
}
