using Microsoft.Extensions.Options;
using SupportBot.Coordination;

namespace SupportBot.EarlyWarning;

/// <summary>Runs <see cref="EarlyWarningMonitor"/> every <see cref="EarlyWarningOptions.Interval"/> on the one instance holding the leader lease.</summary>
public sealed class EarlyWarningScheduler(
    EarlyWarningMonitor monitor,
    ILeaderLock leader,
    TimeProvider time,
    IOptions<EarlyWarningOptions> options,
    ILogger<EarlyWarningScheduler> log) : LeaderLoop(leader, time, log)
{
    public const string LockName = "early-warning";

    protected override string LeaseName => LockName;
    protected override TimeSpan Every => options.Value.Interval;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override async Task<int> PassAsync(CancellationToken ct)
    {
        await monitor.EvaluateAllAsync(ct);
        return options.Value.Signals.Count;
    }
}
