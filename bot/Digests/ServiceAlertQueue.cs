using System.Threading.Channels;
using SupportBot.Incidents;

namespace SupportBot.Digests;

/// <summary>Incident changes on their way to personal service pings, beside (not instead of) the channel briefings.</summary>
public sealed class ServiceAlertQueue : IIncidentChangeSink
{
    private readonly Channel<IncidentChange> _changes = Channel.CreateUnbounded<IncidentChange>(new() { SingleReader = true });

    public ValueTask PublishAsync(IncidentChange change, CancellationToken ct) => _changes.Writer.WriteAsync(change, ct);

    public IAsyncEnumerable<IncidentChange> ReadAllAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);
}
