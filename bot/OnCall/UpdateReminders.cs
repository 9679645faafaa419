using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Incidents;

namespace SupportBot.OnCall;

/// <summary>
/// Reminds on-call to tell support what is going on: an open incident without a human update for the configured
/// interval gets one reminder in its thread per interval. Runs only on the instance holding the leader lease, and
/// records each reminder with compare-and-swap, so a reminder is never sent twice.
/// </summary>
public sealed class UpdateReminders(IIncidentStore incidents, IncidentCommands commands, ILeaderLock leader, TimeProvider time,
    IOptions<OnCallOptions> options, ILogger<UpdateReminders> log)
{
    public const string LeaseName = "oncall-update-reminders";

    /// <summary>Sends the reminders that are due now; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!await leader.TryAcquireAsync(LeaseName, o.ReminderCheckInterval * 3, ct)) return 0;
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var incident in (await incidents.ListOpenAsync(0, ct)).MostSevere.Where(i => now - i.LastUpdateOrReminderAt >= o.ReminderInterval))
        {
            var result = await commands.RemindIfDueAsync(incident.Number, o.ReminderInterval, ct);
            if (result.Outcome != CommandOutcome.Done) continue;
            sent++;
            log.LogInformation("Reminded on-call to update {Incident}", incident.Id);
        }
        return sent;
    }
}

/// <summary>Checks for due reminders every ReminderCheckInterval (on the TimeProvider's clock).</summary>
public sealed class UpdateReminderWorker(UpdateReminders reminders, TimeProvider time, IOptions<OnCallOptions> options,
    ILogger<UpdateReminderWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await reminders.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Update reminders failed; trying again at the next check");
            }
        }
    }
}
