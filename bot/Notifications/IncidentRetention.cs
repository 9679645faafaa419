using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.Coordination;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>
/// Incidents:Retention after they resolved, incidents leave the store with their version, their cards' records and
/// their places on major-event roll-ups,
/// so a year of incidents costs what the retention window holds. Open incidents are never removed. The leader runs
/// it at start and then hourly.
/// </summary>
public sealed class IncidentRetention(
    IIncidentStore incidents, IPostedCardStore posted, BriefingAudience channels, MajorEvents majorEvents, ILeaderLock leader, IOptions<IncidentOptions> options, TimeProvider time,
    ILogger<IncidentRetention> log) : LeaderLoop(leader, time, log)
{
    protected override string LeaseName => "incident-retention";
    protected override TimeSpan Every => TimeSpan.FromHours(1);
    protected override Task<int> PassAsync(CancellationToken ct) => SweepAsync(Time.GetUtcNow(), ct);

    /// <summary>Removes what resolved more than Incidents:Retention before <paramref name="now"/>; returns how many incidents went.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var removed = await incidents.RemoveResolvedBeforeAsync(now - options.Value.Retention, ct);
        if (removed.Count == 0) return 0;
        foreach (var number in removed) await posted.RemoveAllAsync(BriefingKey.Of(number), ct);
        await majorEvents.ForgetAsync((await channels.ListAsync(ct)).Select(c => c.Id), removed, ct);
        log.LogInformation("Removed {Count} incidents resolved more than {Retention} ago", removed.Count, options.Value.Retention);
        return removed.Count;
    }
}
