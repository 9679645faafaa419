using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.EarlyWarning;
using SupportBot.Incidents;

namespace SupportBot.Digests;

/// <summary>
/// One pass over the digest subscriptions: sends each one that is due. A digest is claimed in the store before it is
/// sent, so it goes out at most once per subscription and period whichever instance (or restart) gets there first;
/// a failed delivery gives the claim back so the next pass can try again.
/// </summary>
public sealed class DigestRunner(
    ISubscriptionStore subscriptions,
    IIncidentStore incidents,
    IEarlyWarningStore warnings,
    IChannelMessenger messenger,
    TimeProvider time,
    IOptions<DigestOptions> options,
    Telemetry.SupportBotMetrics metrics,
    ILogger<DigestRunner> log)
{
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var grace = options.Value.GracePeriod;
        var sent = 0;
        foreach (var subscription in await subscriptions.ListAsync(ct))
        {
            if (subscription.Digest is not { } schedule) continue;
            var zone = TimeZones.FindOrUtc(subscription.TimeZone);
            if (DigestTiming.DueOccurrence(schedule, zone, subscription.CreatedAt, time.GetUtcNow(), grace) is not { } due) continue;
            // Kept past the grace period: after that the occurrence is never due again anyway.
            if (!await subscriptions.TryClaimDigestAsync(subscription.Id, due, grace + TimeSpan.FromDays(1), ct)) continue;

            try
            {
                var from = DigestTiming.PreviousOccurrence(schedule, zone, due);
                var figures = DigestFigures.Compute(await incidents.ListActiveSinceAsync(from, ct), from, due);
                var warned = WarningFigures.Compute(await warnings.ListRaisedSinceAsync(from, ct), from, due);
                await messenger.PostAsync(subscription.Conversation, DigestCards.Digest(figures, schedule.Frequency, zone, warned), ct);
                sent++;
                metrics.DigestsSent.Inc();
                log.LogInformation("Sent digest #{Subscription} for {From}–{To} to {User}", subscription.Id, from, due, subscription.UserId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await subscriptions.ReleaseDigestAsync(subscription.Id, due, CancellationToken.None);
                log.LogWarning(e, "Could not send digest #{Subscription} due {Due}; will retry", subscription.Id, due);
            }
        }
        return sent;
    }
}
