using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Incidents;

namespace SupportBot.Notifications;

/// <summary>
/// While an incident flaps its cards wait (see <see cref="FlapDamping"/>); with no webhook coming, time alone must
/// let the held-back update out once the interval is over, and end the flapping after the quiet period. The leader
/// looks every Incidents:FlapCheckInterval; each change is written with compare-and-swap, so it happens once.
/// </summary>
public sealed class FlappingCards(OpenIncidentsWatch open, IncidentEngine engine, ILeaderLock leader, TimeProvider time,
    IOptions<IncidentOptions> options, ILogger<FlappingCards> log) : LeaderLoop(leader, time, log)
{
    protected override string LeaseName => "flapping-cards";
    protected override TimeSpan Every => options.Value.FlapCheckInterval;
    protected override bool PassAtStart => false;

    /// <summary>Settles the flapping incidents that are due; returns how many changed.</summary>
    protected override async Task<int> PassAsync(CancellationToken ct)
    {
        var changed = 0;
        foreach (var flapping in (await open.CurrentAsync(ct)).Where(i => i.Flapping))
        {
            if (await engine.SettleFlappingAsync(flapping.Number, ct) is not { } change) continue;
            changed++;
            log.LogInformation("{Incident} {What}", change.Current.Id, change.Current.Flapping is null ? "stopped flapping" : "shows its latest flaps");
        }
        return changed;
    }
}
