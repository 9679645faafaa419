using Microsoft.Extensions.Options;
using SupportBot.EarlyWarning;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Digests;

/// <summary>
/// One pass over the digest subscriptions: queues each one that is due in the outbox, which sends it paced under
/// Teams' limits and retried. A digest is claimed in the store before it is composed, and queued under the
/// idempotency key digest:{subscription}:{due}, so it goes out once per subscription and period whichever instance
/// (or restart) gets there first; a digest that could not be queued gives the claim back for the next pass.
/// </summary>
public sealed class DigestRunner(
    ISubscriptionStore subscriptions,
    IIncidentStore incidents,
    IEarlyWarningStore warnings,
    ChannelOutbox outbox,
    TimeProvider time,
    IOptions<DigestOptions> options,
    ILogger<DigestRunner> log)
{
    /// <summary>Queues the digests due now; returns how many.</summary>
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
                if (!await outbox.PostAsync(subscription.Conversation, Key(subscription.Id, due), DigestCards.Digest(figures, schedule.Frequency, zone, warned), ct))
                    continue;
                sent++;
                log.LogInformation("Queued digest #{Subscription} for {From}–{To} to {User}", subscription.Id, from, due, subscription.UserId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await subscriptions.ReleaseDigestAsync(subscription.Id, due, CancellationToken.None);
                log.LogWarning(e, "Could not queue digest #{Subscription} due {Due}; will retry", subscription.Id, due);
            }
        }
        return sent;
    }

    /// <summary>The digest's idempotency key in the outbox: one per subscription and due occurrence.</summary>
    public static string Key(int subscriptionId, DateTimeOffset due) => $"digest:{subscriptionId}:{due.ToUnixTimeSeconds()}";

    /// <summary>The subscription and occurrence of a queued digest's outbox id ("post:{conversation}:digest:{id}:{due}"), if it is one.</summary>
    public static bool TryParseKey(string outboxId, out int subscriptionId, out DateTimeOffset due)
    {
        (subscriptionId, due) = (0, default);
        var at = outboxId.LastIndexOf(":digest:", StringComparison.Ordinal);
        if (at < 0) return false;
        var parts = outboxId[(at + ":digest:".Length)..].Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out subscriptionId) || !long.TryParse(parts[1], out var seconds)) return false;
        due = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
