using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Outbox;
using SupportBot.Incidents;

namespace SupportBot.Notifications;

/// <summary>
/// Closes the gap between storing an incident change and queueing its cards (a crash, or Redis gone, in between):
/// at start and then every Outbox:ReconcileInterval the leader re-offers every recent incident's current card
/// to every channel. The outbox's idempotency key turns that into a no-op for everything already queued.
/// </summary>
public sealed class BriefingReconciler(
    IIncidentStore incidents, BriefingPublisher publisher, ILeaderLock leader, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<BriefingReconciler> log) : BackgroundService
{
    public const string LockName = "briefing-reconciler";
    private static readonly TimeSpan RecentlyResolved = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReconcileInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leader.TryAcquireAsync(LockName, interval * 2, stoppingToken)) await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Briefing reconcile pass failed; trying again in {Interval}", interval);
            }
            try { await Task.Delay(interval, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task ReconcileAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var incident in await incidents.ListAsync(ct))
            if (incident.IsOpen || incident.Timeline.LastOrDefault()?.At > now - RecentlyResolved)
                await publisher.PublishAsync(incident, ct);
    }
}
