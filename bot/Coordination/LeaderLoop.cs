namespace SupportBot.Coordination;

/// <summary>
/// A periodic job that only one bot instance runs at a time (reminders, digests, the briefing reconciler): every
/// <see cref="Every"/> it takes or renews the named lease and, holding it, runs one pass. A crashed leader's lease
/// lapses after <see cref="Every"/> × 3 and another instance takes over; a leader that stops gives its lease back
/// at once. A failed pass is logged and tried again at the next tick.
/// </summary>
public abstract class LeaderLoop(ILeaderLock leader, TimeProvider time, ILogger log) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    /// <summary>The lease's name, one per job.</summary>
    protected abstract string LeaseName { get; }

    protected abstract TimeSpan Every { get; }

    /// <summary>Whether the first pass runs at start-up (catching up on what was due while no instance ran) or one interval later.</summary>
    protected virtual bool PassAtStart => true;

    /// <summary>One pass of the job; returns how much it did (messages sent, cards re-offered, …).</summary>
    protected abstract Task<int> PassAsync(CancellationToken ct);

    /// <summary>One pass if this instance holds the lease (taking or renewing it); 0 when another instance leads.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct) =>
        await leader.TryAcquireAsync(LeaseName, Every * 3, ct) ? await PassAsync(ct) : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A periodic timer keeps its beat however long a pass takes (and whatever the clock does in between).
        using var timer = new PeriodicTimer(Every, Time);
        if (!PassAtStart && !await TickAsync(timer, stoppingToken)) return;
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "{Job} pass failed; trying again in {Every}", LeaseName, Every);
            }
        } while (await TickAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        try
        {
            await leader.ReleaseAsync(LeaseName, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not give back the {Job} lease; another instance takes over when it lapses", LeaseName);
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
