using Microsoft.Extensions.Options;
using SupportBot.Coordination;

namespace SupportBot.EarlyWarning;

/// <summary>Runs <see cref="EarlyWarningMonitor"/> every <see cref="EarlyWarningOptions.Interval"/> on the one instance holding the leader lease.</summary>
public sealed class EarlyWarningScheduler(
    EarlyWarningMonitor monitor,
    ILeaderLock leader,
    TimeProvider time,
    IOptions<EarlyWarningOptions> options,
    ILogger<EarlyWarningScheduler> log) : BackgroundService
{
    public const string LockName = "early-warning";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var every = options.Value.Interval;
        using var timer = new PeriodicTimer(every, time);
        do
        {
            try
            {
                if (await leader.TryAcquireAsync(LockName, every * 3 + TimeSpan.FromSeconds(10), stoppingToken))
                    await monitor.EvaluateAllAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Early-warning pass failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        try { await leader.ReleaseAsync(LockName, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Could not release the early-warning lease"); }
    }
}
