using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>
/// Closes the gap between storing an incident change and queueing its cards (a crash, or Redis gone, in between):
/// at start and then every Outbox:ReconcileInterval the leader re-offers every recent incident's current card
/// to every channel. The outbox's idempotency key turns that into a no-op for everything already queued.
/// </summary>
public sealed class BriefingReconciler(
    IIncidentStore incidents, BriefingPublisher publisher, ILeaderLock leader, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<BriefingReconciler> log) : LeaderLoop(leader, time, log)
{
    private static readonly TimeSpan RecentlyResolved = TimeSpan.FromDays(1);

    protected override string LeaseName => "briefing-reconciler";
    protected override TimeSpan Every => options.Value.ReconcileInterval;
    protected override Task<int> PassAsync(CancellationToken ct) => ReconcileAsync(ct);

    /// <summary>Re-offers the card of every open or recently resolved incident; returns how many incidents that was.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var offered = 0;
        foreach (var incident in await incidents.ListAsync(ct))
        {
            if (!incident.IsOpen && !(incident.Timeline.LastOrDefault()?.At > now - RecentlyResolved)) continue;
            await publisher.PublishAsync(incident, ct);
            offered++;
        }
        return offered;
    }
}
