using System.Threading.Channels;
using SupportBot.Incidents;

namespace SupportBot.Digests;

/// <summary>
/// Incident changes on their way to personal service pings, beside (not instead of) the channel briefings. Bounded:
/// webhooks never wait for pings, so under a storm the oldest waiting changes make room (and are counted).
/// </summary>
public sealed class ServiceAlertQueue(int capacity = ServiceAlertQueue.DefaultCapacity) : IIncidentChangeSink
{
    public const int DefaultCapacity = 10_000;
    private long _dropped;

    private readonly Channel<IncidentChange> _changes = Channel.CreateBounded<IncidentChange>(
        new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Changes dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Changes waiting.</summary>
    public int Count => _changes.Reader.Count;

    public ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        if (_changes.Reader.Count >= capacity) Interlocked.Increment(ref _dropped);
        return _changes.Writer.WriteAsync(change, ct);
    }

    public IAsyncEnumerable<IncidentChange> ReadAllAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);
}
