using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Incidents;

namespace SupportBot.OnCall;

/// <summary>
/// Reminds on-call to tell support what is going on: an open incident without a human update for the configured
/// interval gets one reminder in its thread per interval. Runs only on the instance holding the leader lease, and
/// records each reminder with compare-and-swap, so a reminder is never sent twice.
/// </summary>
public sealed class UpdateReminders(OpenIncidentsWatch open, IncidentCommands commands, ILeaderLock leader, TimeProvider time,
    IOptions<OnCallOptions> options, ILogger<UpdateReminders> log) : LeaderLoop(leader, time, log)
{
    protected override string LeaseName => "oncall-update-reminders";
    protected override TimeSpan Every => options.Value.ReminderCheckInterval;
    protected override bool PassAtStart => false;

    /// <summary>Sends the reminders that are due now; returns how many.</summary>
    protected override async Task<int> PassAsync(CancellationToken ct)
    {
        var interval = options.Value.ReminderInterval;
        var now = Time.GetUtcNow();
        var sent = 0;
        foreach (var due in (await open.CurrentAsync(ct)).Where(i => now - i.LastUpdateOrReminderAt >= interval))
        {
            var result = await commands.RemindIfDueAsync(due.Number, interval, ct);
            if (result.Outcome != CommandOutcome.Done) continue;
            sent++;
            log.LogInformation("Reminded on-call to update {Incident}", Incident.IdOf(due.Number));
        }
        return sent;
    }
}
