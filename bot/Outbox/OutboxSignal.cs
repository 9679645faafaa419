namespace SupportBot.Outbox;

/// <summary>Wakes this instance's idle outbox workers when a message is queued here, so they need not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _queued = new(0);

    public void Notify()
    {
        if (_queued.CurrentCount == 0) _queued.Release();
    }

    /// <summary>Returns when something was queued (true) or after <paramref name="poll"/> (false), whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan poll, CancellationToken ct) => _queued.WaitAsync(poll, ct);
}
