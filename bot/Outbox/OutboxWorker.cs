using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.Storage;
using SupportBot.Telemetry;

namespace SupportBot.Outbox;

/// <summary>
/// Sends what the outbox holds: claims one due conversation at a time (several in parallel), waits for Teams'
/// pacing, sends its head message, and then completes it, retries it later with backoff, or dead-letters it.
/// Every instance runs this; the claim makes sure one conversation is worked on by one instance at a time.
/// </summary>
public sealed class OutboxWorker(
    IOutboxStore store, OutboxDelivery delivery, TenantPacer tenants, OutboxSignal signal, IBriefingChannelStore briefingChannels,
    IEnumerable<IDeadLetterListener> deadLetterListeners, IEnumerable<ISentListener> sentListeners,
    IOptions<OutboxOptions> options, TimeProvider time, SupportBotMetrics metrics, ILogger<OutboxWorker> log) : BackgroundService
{
    private OutboxOptions Options => options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Options.Parallelism).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    // Real time (Environment.TickCount64, like the poll's wait): since when every look found nothing (0: busy), and the
    // last such look. Idle for a second, one worker's look per PollInterval is enough for the instance: the others wait
    // for the signal or the next interval instead of each asking the store (an idle leader spent most of its Redis
    // commands on these looks). Busy, and in short pacing gaps, every worker looks as before.
    private long _idleSince;
    private long _lastEmptyLook;
    private const long IdleAfterMs = 1000;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var woken = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!woken && LookedRecently())
                {
                    woken = await signal.WaitAsync(Options.PollInterval, stoppingToken);
                    continue;
                }
                var lease = await store.ClaimAsync(time.GetUtcNow(), Options.Lease, stoppingToken);
                if (lease is null)
                {
                    var now = Environment.TickCount64;
                    Interlocked.CompareExchange(ref _idleSince, now, 0);
                    Interlocked.Exchange(ref _lastEmptyLook, now);
                    woken = await signal.WaitAsync(Options.PollInterval, stoppingToken);
                }
                else
                {
                    Interlocked.Exchange(ref _idleSince, 0);
                    await HandleAsync(lease, stoppingToken);
                    woken = true;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Most likely the store is unreachable (Redis restarting): wait and try again; claimed work comes back when its lease ends.
                log.LogWarning(e, "Outbox worker could not reach the store; retrying");
                try { await Task.Delay(Options.PollInterval * 4, time, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private bool LookedRecently()
    {
        var now = Environment.TickCount64;
        var idleSince = Interlocked.Read(ref _idleSince);
        return idleSince != 0 && now - idleSince >= IdleAfterMs
            && now - Interlocked.Read(ref _lastEmptyLook) < Options.PollInterval.TotalMilliseconds;
    }

    /// <summary>
    /// Once claimed, a message is seen through even when the host is stopping: a send cut off half-way could reach
    /// the channel without its card id being recorded, and would then be posted again. SendTimeout bounds it.
    /// </summary>
    private async Task HandleAsync(OutboxLease lease, CancellationToken stoppingToken)
    {
        var message = lease.Message;
        var claimed = time.GetUtcNow();
        Delivered delivered;
        try
        {
            if (await delivery.StaleAsync(message, CancellationToken.None) is { } stale)
            {
                await store.CompleteAsync(message, sentAt: null, claimed, CancellationToken.None, stale.CardShows);
                return;
            }
            var earliest = TeamsPacing.EarliestNext(lease.RecentSends, claimed);
            if (earliest > claimed)
            {
                await store.RescheduleAsync(message, earliest, CancellationToken.None);
                return;
            }
            var place = await tenants.TakeAsync(message, claimed + Options.Lease / 4, stoppingToken);
            if (place.RetryAt is { } later)
            {
                await store.RescheduleAsync(message, later, CancellationToken.None);
                return;
            }
            delivered = await DeliverAsync(message, place);
        }
        catch (CardPostingUnderWayException e)
        {
            // Another attempt posted this card and may still record its id: look again then, rather than post it twice.
            log.LogInformation("{Message} waits: {Reason}", message.Id, e.Message);
            await store.RescheduleAsync(message, e.RecheckAt, CancellationToken.None);
            return;
        }
        catch (StoreUnavailableException)
        {
            // Delivery reaches the store only before it sends (a sent card's id is recorded whatever it takes), so
            // nothing went out: give the conversation back now rather than holding it until the lease ends.
            await ReleaseAsync(message);
            throw;
        }
        catch (ChannelSendException e)
        {
            await FailAsync(message, e);
            return;
        }
        catch (OperationCanceledException e)
        {
            await FailAsync(message, new ChannelSendException($"No answer within {Options.SendTimeout}.", null, null, e));
            return;
        }
        catch (Exception e)
        {
            // Not the channel and not the store: a message this code cannot send. Counted like any failure, so it
            // ends up as a dead letter instead of blocking its conversation for ever.
            await FailAsync(message, new ChannelSendException($"Could not send: {e.Message}", null, null, e));
            return;
        }
        // Pacing counts from when the send was over: never earlier than when the channel saw it.
        var done = time.GetUtcNow();
        await CompleteAsync(message, delivered.Sent ? done : null, claimed, delivered.CardShows);
        if (!delivered.Sent) return;
        metrics.OutboxMessages.WithLabels("sent").Inc();
        metrics.OutboxQueueToSent.Observe(Math.Max(0, (done - message.EnqueuedAt).TotalSeconds));
        foreach (var listener in sentListeners) listener.OnSent(message);
    }

    /// <summary>
    /// Sends, and then counts the send in its tenant's budget from when it was over (a failed attempt too: the channel
    /// may have counted it). Nothing sent, the place is given back.
    /// </summary>
    private async Task<Delivered> DeliverAsync(OutboxMessage message, TenantPlace place)
    {
        var reachedChannel = true;
        try
        {
            using var timeout = new CancellationTokenSource(Options.SendTimeout, time);
            var delivered = await delivery.DeliverAsync(message, timeout.Token);
            reachedChannel = delivered.Sent;
            return delivered;
        }
        catch (StoreUnavailableException)
        {
            reachedChannel = false;
            throw;
        }
        finally
        {
            await tenants.SettleAsync(place, reachedChannel ? time.GetUtcNow() : null);
        }
    }

    /// <summary>
    /// Takes the sent message off its queue. While Redis fails over this is tried again until the lease ends: a queue
    /// left with its sent head would only be completed by whoever claims it after the lease, a lease later.
    /// </summary>
    private async Task CompleteAsync(OutboxMessage message, DateTimeOffset? sentAt, DateTimeOffset claimed, int? cardShows)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.CompleteAsync(message, sentAt, time.GetUtcNow(), CancellationToken.None, cardShows);
                return;
            }
            catch (StoreUnavailableException) when (time.GetUtcNow() - claimed < Options.Lease / 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), time);
            }
        }
    }

    private async Task ReleaseAsync(OutboxMessage message)
    {
        try { await store.RescheduleAsync(message, time.GetUtcNow(), CancellationToken.None); }
        catch (StoreUnavailableException) { } // the lease then ends by itself
    }

    private async Task FailAsync(OutboxMessage message, ChannelSendException e)
    {
        var now = time.GetUtcNow();
        // The channel may have counted the attempt (a 429 or 5xx answered, a timeout after it arrived): so does pacing.
        await store.RecordSendAsync(message.ConversationId, now, CancellationToken.None);
        if (e.Status == System.Net.HttpStatusCode.TooManyRequests)
        {
            metrics.OutboxThrottled.Inc();
            if (TenantPacer.TenantOf(message) is not null && await WaitOutThrottleAsync(message, e, now)) return;
        }
        var attempts = message.Attempts + 1;
        var failed = message with { Attempts = attempts, LastError = e.Message };
        if (!e.Transient || attempts >= Options.MaxAttempts)
        {
            var reason = e.Transient ? $"Gave up after {attempts} attempts: {e.Message}" : $"The channel refused it: {e.Message}";
            var deadLetter = new DeadLetter(failed, reason, now);
            await store.DeadLetterAsync(deadLetter, now, CancellationToken.None);
            metrics.OutboxMessages.WithLabels("dead_lettered").Inc();
            foreach (var listener in deadLetterListeners) await listener.OnDeadLetterAsync(deadLetter, CancellationToken.None);
            log.LogError(e, "Dead-lettered {Message} for {Conversation}: {Reason}", message.Id, message.ConversationId, reason);
            if (e.ChannelGone) await UnsubscribeAsync(message, e);
            return;
        }
        var delay = RetryBackoff.Delay(attempts, e.RetryAfter, Options.BaseDelay, Options.MaxDelay, Random.Shared.NextDouble());
        await store.RescheduleAsync(failed, now + delay, CancellationToken.None);
        metrics.OutboxMessages.WithLabels("retried").Inc();
        log.LogWarning("Sending {Message} to {Conversation} failed (attempt {Attempt}, {Error}); retrying in {Delay}",
            message.Id, message.ConversationId, attempts, e.Message, delay);
    }

    /// <summary>
    /// Teams said "too many requests": the tenant's budget is spent (pacing keeps each conversation under its own
    /// limits). Every conversation of the tenant waits as long as Teams asks (Retry-After, else a backoff that grows with
    /// the 429s in a row), and no longer: the message is not counted as failed, so throttling never makes it a dead letter.
    /// </summary>
    private async Task<bool> WaitOutThrottleAsync(OutboxMessage message, ChannelSendException e, DateTimeOffset now)
    {
        if (Options.TenantRequestsPerSecond <= 0) return false;
        var throttles = message.Throttles + 1;
        var wait = e.RetryAfter is { } asked && asked > TimeSpan.Zero
            ? asked
            : RetryBackoff.Delay(throttles, null, Options.BaseDelay, Options.MaxDelay, Random.Shared.NextDouble());
        await tenants.PauseAsync(message, now + wait);
        await store.RescheduleAsync(message with { Throttles = throttles, LastError = e.Message }, now + wait, CancellationToken.None);
        metrics.OutboxMessages.WithLabels("retried").Inc();
        log.LogWarning("Teams throttled {Message} to {Conversation} ({Throttles} in a row, {Error}); its tenant waits {Wait}",
            message.Id, message.ConversationId, throttles, e.Message, wait);
        return true;
    }

    /// <summary>The channel is gone (the bot was removed, the conversation deleted): stop briefing it, and say so.</summary>
    private async Task UnsubscribeAsync(OutboxMessage message, ChannelSendException e)
    {
        if (!await briefingChannels.RemoveAsync(message.ConversationId, CancellationToken.None)) return;
        metrics.ChannelsUnsubscribed.WithLabels(e.Status == System.Net.HttpStatusCode.NotFound ? "not_found" : "forbidden").Inc();
        log.LogWarning("Unsubscribed {Conversation} from outage briefings: the channel answered {Status} ({Error}); " +
                       "add the bot again or say 'subscribe here' to resume", message.ConversationId, (int?)e.Status, e.Message);
    }
}
