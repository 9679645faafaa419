using Microsoft.Extensions.Options;
using SupportBot.Coordination;

namespace SupportBot.Digests;

/// <summary>Runs the digest pass every <see cref="DigestOptions.CheckEvery"/> on the one instance that holds the leader lease.</summary>
public sealed class DigestScheduler(
    DigestRunner runner,
    ILeaderLock leader,
    TimeProvider time,
    IOptions<DigestOptions> options,
    ILogger<DigestScheduler> log) : BackgroundService
{
    public const string LockName = "digest-scheduler";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.CheckEvery;
        using var timer = new PeriodicTimer(every, time);
        // First pass at start-up: a digest missed while the bot was down goes out now.
        do
        {
            try
            {
                if (await leader.TryAcquireAsync(LockName, every * 3, stoppingToken))
                    await runner.RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Digest pass failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        try
        {
            await leader.ReleaseAsync(LockName, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not release the digest scheduler lease");
        }
    }
}
