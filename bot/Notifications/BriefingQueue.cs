using System.Threading.Channels;
using SupportBot.Incidents;

namespace SupportBot.Notifications;

/// <summary>The hand-over from the incident engine to the briefing publisher; one reader keeps changes in order.</summary>
public sealed class BriefingQueue : IIncidentChangeSink
{
    private readonly Channel<IncidentChange> _changes = Channel.CreateUnbounded<IncidentChange>(new() { SingleReader = true });

    public ValueTask PublishAsync(IncidentChange change, CancellationToken ct) => _changes.Writer.WriteAsync(change, ct);

    public IAsyncEnumerable<IncidentChange> ReadAllAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);
}
