using System.Collections.Concurrent;
using System.Net;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// Sends one outbox message: a card is posted the first time and updated in place afterwards; a reply goes in the
/// thread under its card. The posted card's activity id and version are recorded right after the send, and a
/// message whose card already shows that version (or a newer one) is not sent again.
/// </summary>
public sealed class OutboxDelivery(
    IPostedCardStore posted, IEnumerable<ILatestMessageSource> latestSources, IEnumerable<IFirstPostGate> firstPostGates,
    IChannelMessenger messenger, ChannelOutbox outbox, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxDelivery> log)
{
    // Names this instance's posting attempts; those of its attempts whose post may have reached the channel and whose
    // id is not recorded yet (still being recorded, whatever it takes).
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private long _attempts;
    private readonly ConcurrentDictionary<string, byte> _unrecorded = new(StringComparer.Ordinal);

    /// <summary>Whether something was sent, and for a card the version its conversation's card shows now.</summary>
    public async Task<Delivered> DeliverAsync(OutboxMessage message, CancellationToken sendToken)
    {
        return message.Kind switch
        {
            OutboxKind.Card => await CardAsync(message, sendToken),
            OutboxKind.Reply => new(await ReplyAsync(message, sendToken)),
            OutboxKind.Replace => new(await ReplaceAsync(message, sendToken)),
            _ => new(await PostAsync(message, sendToken)),
        };
    }

    /// <summary>
    /// Not null for a card that would send nothing: its conversation's card already shows this version or a newer one,
    /// its subject was over before the conversation ever saw it, or another card shows its subject there instead
    /// (<see cref="IFirstPostGate"/>). Such messages are completed without waiting for a pacing slot, so a storm's many
    /// versions drain at once instead of queueing behind Teams' limits.
    /// </summary>
    public async Task<Delivered?> StaleAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.Kind != OutboxKind.Card || message.MergeKey is not { } key) return null;
        var card = await posted.GetAsync(key, message.ConversationId, ct);
        return card switch
        {
            null or { ActivityId: null, MaybePosted: false } =>
                message.OnlyIfPosted || await ShownElsewhereAsync(message, posting: false, ct) ? new Delivered(false) : null,
            { ActivityId: null } => null, // maybe in the channel already: post it again, so the channel surely has a current card
            _ => card.Version >= message.Version ? new Delivered(false, card.Version) : null,
        };
    }

    private async Task<bool> ShownElsewhereAsync(OutboxMessage message, bool posting, CancellationToken ct)
    {
        foreach (var gate in firstPostGates)
            if (await gate.ShownElsewhereAsync(message, posting, ct)) return true;
        return false;
    }

    private async Task<string?> ShownOnAsync(OutboxMessage message, CancellationToken ct)
    {
        foreach (var gate in firstPostGates)
            if (await gate.ShownOnAsync(message, ct) is { } key) return key;
        return null;
    }

    private async Task<Delivered> CardAsync(OutboxMessage message, CancellationToken sendToken)
    {
        var key = message.MergeKey ?? throw new InvalidDataException($"Card {message.Id} has no merge key.");
        var conversation = message.ConversationId;
        for (var decision = 1; ; decision++)
        {
            if (await StaleAsync(message, sendToken) is { } stale) return stale;
            var card = await posted.GetAsync(key, conversation, sendToken);

            // Send the card as it is now, not as it was when this message was queued: under a storm, the versions
            // queued behind this one then find their card up to date and cost no send against Teams' limits.
            var (version, activity) = await LatestAsync(key, message, sendToken);
            if (card?.ActivityId is null)
            {
                if (card is { MaybePosted: true } && RecheckAt(card) is { } recheck)
                    throw new CardPostingUnderWayException(
                        $"{key} is being posted to {conversation} by attempt {card.Attempt} since {card.PostingSince:O}; its id may still be recorded", recheck);
                // The last moment another card may take its place: from here on this card is the one in the channel.
                if (card is not { MaybePosted: true } && await ShownElsewhereAsync(message, posting: true, sendToken)) return new(false);
                if (await PostCardAsync(key, message, card, version, activity, sendToken)) return new(true, version);
                // Another instance recorded the card after it was read here: decide again on what it recorded.
                if (decision >= MaxDecisions)
                    throw new StoreUnavailableException($"The record of {key} in {conversation} kept changing while this instance decided to post it.");
                continue;
            }
            try
            {
                await messenger.UpdateAsync(message.Conversation, card.ActivityId, activity, sendToken);
            }
            catch (ChannelSendException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // Someone deleted the card's message: post the card anew (a conversation that is gone fails that too).
                log.LogWarning("The message of {Card} in {Conversation} is gone ({ActivityId}); posting the card again", key, conversation, card.ActivityId);
                var activityId = await messenger.PostAsync(message.Conversation, activity, sendToken);
                await RecordAsync(key, conversation, card with { ActivityId = activityId, Version = version });
                return new(true, version);
            }
            await RecordAsync(key, conversation, card with { Version = version });
            log.LogInformation("Updated {Card} to v{Version} in {Conversation}", key, version, conversation);
            return new(true, version);
        }
    }

    private const int MaxDecisions = 3;

    /// <summary>
    /// A posting intent whose id may still be recorded: another instance's (it may be holding the id while its Redis
    /// fails over), or one of this instance's own still being recorded. Until it is <see cref="OutboxOptions.RepostAfter"/>
    /// old the card is not posted again, and this says when to look again (null: post it again now). An intent of this
    /// instance that is over (the post failed or timed out) and one written by an older version get no grace.
    /// </summary>
    private DateTimeOffset? RecheckAt(PostedCard intent)
    {
        if (intent is not { Attempt: { } attempt, PostingSince: { } since }) return null;
        if (attempt.StartsWith(_instance + "-", StringComparison.Ordinal) && !_unrecorded.ContainsKey(attempt)) return null;
        var now = time.GetUtcNow();
        var until = since + options.Value.RepostAfterOrDefault;
        if (now >= until) return null;
        var soon = now + options.Value.PollInterval * 4;
        return soon < until ? soon : until;
    }

    /// <summary>
    /// The chat APIs cannot post and record in one step, so the intent is recorded first: if this process dies after
    /// the channel took the post but before its id is recorded, the next attempt finds "maybe posted", posts again and
    /// counts an unconfirmed older copy, which <see cref="OlderCardCopies"/> marks superseded once someone uses it.
    /// The intent is recorded only over the card as read (<paramref name="before"/>), and confirmed by the replicas
    /// (Redis:WaitForReplicas) before anything is sent: a decision taken on what a failing-over Redis still showed
    /// (the card not posted yet, when another instance has posted it on the new primary) sends nothing. False when the
    /// card changed since it was read.
    /// </summary>
    private async Task<bool> PostCardAsync(string key, OutboxMessage message, PostedCard? before, int version, IMessageActivity activity, CancellationToken sendToken)
    {
        var conversation = message.ConversationId;
        var olderCopy = before is { MaybePosted: true };
        var attempt = $"{_instance}-{Interlocked.Increment(ref _attempts)}";
        var intent = PostedCard.Posting(before, attempt, time.GetUtcNow());
        _unrecorded[attempt] = 0;
        try
        {
            if (!await posted.TryReplaceAsync(key, conversation, before, intent, CancellationToken.None)) return false;
            if (olderCopy)
                log.LogWarning("{Card} may already be in {Conversation} from a send whose answer was never recorded (attempt {Attempt} since {Since:O}: a crash?); posting it again",
                    key, conversation, before!.Attempt, before.PostingSince);
            string activityId;
            try
            {
                activityId = await messenger.PostAsync(message.Conversation, activity, sendToken);
            }
            catch (ChannelSendException e) when (e.Status is not null && !olderCopy)
            {
                await RecordNotPostedAsync(key, conversation, intent);
                throw;
            }
            // From here on the card is in the channel: its id is recorded whatever it takes (never posted again for it).
            var copies = (before?.UnconfirmedCopies ?? 0) + (olderCopy ? 1 : 0);
            await RecordPostedAsync(message, intent, new PostedCard(activityId, version) { UnconfirmedCopies = copies });
            return true;
        }
        finally
        {
            _unrecorded.TryRemove(attempt, out _);
        }
    }

    /// <summary>
    /// Records the id of the card just posted over this attempt's own intent, retrying until Redis takes it. Should
    /// another attempt have replaced the intent meanwhile (this instance could not reach Redis for
    /// <see cref="OutboxOptions.RepostAfter"/>, so the card was posted again), that attempt's card is the one kept up to
    /// date: this copy is an older copy, and is replaced at once by the note pointing to the newer card.
    /// </summary>
    private async Task RecordPostedAsync(OutboxMessage message, PostedCard intent, PostedCard card)
    {
        var key = message.MergeKey!;
        var conversation = message.ConversationId;
        var recorded = await UntilStoredAsync(key, conversation, card, async () =>
        {
            if (await posted.TryReplaceAsync(key, conversation, intent, card, CancellationToken.None)) return true;
            // An earlier try may have gone through, its answer lost: then the record is this card, to be confirmed by
            // the replicas (Redis:WaitForReplicas) like any record of a posted card.
            var stored = await posted.GetAsync(key, conversation, CancellationToken.None);
            if (stored is null || stored.ActivityId != card.ActivityId) return false;
            return await posted.TryReplaceAsync(key, conversation, stored, stored, CancellationToken.None)
                ? true : throw new StoreUnavailableException($"The record of {key} in {conversation} changed while it was confirmed.");
        });
        if (recorded)
        {
            log.LogInformation("Posted {Card} v{Version} to {Conversation} as {ActivityId}", key, card.Version, conversation, card.ActivityId);
            return;
        }
        log.LogWarning("{Card} was posted to {Conversation} again by another attempt while this one could not record {ActivityId}; marking this copy superseded",
            key, conversation, card.ActivityId);
        await UntilStoredAsync(key, conversation, card, () =>
            outbox.ReplaceAsync(message.Conversation, key, card.ActivityId!, OlderCardCopies.Superseded(key), CancellationToken.None));
    }

    /// <summary>
    /// The channel answered the post with an error, so it is certainly not there: noted over this attempt's own intent
    /// only, and once. Redis failing over meanwhile, another instance may have posted the card since: its record stays.
    /// Not noted, the card stays "maybe posted", which costs at most a note on an older copy that never was.
    /// </summary>
    private async Task RecordNotPostedAsync(string key, string conversation, PostedCard posting)
    {
        try
        {
            await posted.TryReplaceAsync(key, conversation, posting, posting with { MaybePosted = false }, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not note that {Card} was not posted to {Conversation}; it counts as maybe posted", key, conversation);
        }
    }

    private async Task<bool> ReplaceAsync(OutboxMessage message, CancellationToken sendToken)
    {
        var target = message.TargetActivityId ?? throw new InvalidDataException($"Replacement {message.Id} has no activity to replace.");
        try
        {
            await messenger.UpdateAsync(message.Conversation, target, message.Activity, sendToken);
        }
        catch (ChannelSendException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false; // deleted meanwhile: nothing left to replace
        }
        log.LogInformation("Replaced {Activity} ({Card}) in {Conversation}", target, message.MergeKey, message.ConversationId);
        return true;
    }

    private async Task<(int Version, IMessageActivity Card)> LatestAsync(string key, OutboxMessage message, CancellationToken ct)
    {
        // Each kind of card (incident briefings, early warnings) has its source; the one that knows the key answers.
        foreach (var source in latestSources)
            if (await source.LatestAsync(key, message.Conversation, ct) is { } newest)
                return newest.Version >= message.Version ? (newest.Version, newest.Activity) : (message.Version, message.Activity);
        return (message.Version, message.Activity);
    }

    private async Task<bool> ReplyAsync(OutboxMessage message, CancellationToken sendToken)
    {
        var card = message.MergeKey is { } key ? await posted.GetAsync(key, message.ConversationId, sendToken) : null;
        if (card?.ActivityId is null && await ShownOnAsync(message, sendToken) is { } shownOn)
            card = await posted.GetAsync(shownOn, message.ConversationId, sendToken);
        if (card?.ActivityId is null) return await PostAsync(message, sendToken);
        await messenger.ReplyAsync(message.Conversation, card.ActivityId, message.Activity, sendToken);
        return true;
    }

    private async Task<bool> PostAsync(OutboxMessage message, CancellationToken sendToken)
    {
        await messenger.PostAsync(message.Conversation, message.Activity, sendToken);
        return true;
    }

    /// <summary>
    /// The card is in the channel now: forgetting its id would post it a second time, so keep trying to record it
    /// (Redis may be restarting) until it is written, whatever else is going on. Not even shutdown cancels this.
    /// </summary>
    private Task RecordAsync(string key, string conversation, PostedCard card) =>
        UntilStoredAsync(key, conversation, card, async () =>
        {
            await posted.SetAsync(key, conversation, card, CancellationToken.None);
            return true;
        });

    private async Task<bool> UntilStoredAsync(string key, string conversation, PostedCard card, Func<Task<bool>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not record card {ActivityId} of {Card} in {Conversation} (attempt {Attempt}); retrying",
                    card.ActivityId, key, conversation, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), time);
            }
        }
    }
}

/// <summary>
/// What delivering one outbox message did: whether anything reached the channel, and, for a card, the version the
/// conversation's card shows now (null: it shows none), so that the versions of it still queued at or below that
/// version leave the queue with it instead of each being claimed only to send nothing.
/// </summary>
public readonly record struct Delivered(bool Sent, int? CardShows = null);
