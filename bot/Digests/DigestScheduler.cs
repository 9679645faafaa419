using Microsoft.Extensions.Options;
using SupportBot.Coordination;

namespace SupportBot.Digests;

/// <summary>Runs the digest pass every <see cref="DigestOptions.CheckEvery"/> on the one instance that holds the leader lease.</summary>
public sealed class DigestScheduler(
    DigestRunner runner,
    ILeaderLock leader,
    TimeProvider time,
    IOptions<DigestOptions> options,
    ILogger<DigestScheduler> log) : LeaderLoop(leader, time, log)
{
    protected override string LeaseName => "digest-scheduler";
    protected override TimeSpan Every => options.Value.CheckEvery;

    // The first pass at start-up sends a digest missed while the bot was down.
    protected override Task<int> PassAsync(CancellationToken ct) => runner.RunDueAsync(ct);
}
