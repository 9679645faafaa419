namespace SupportBot.Outbox;

/// <summary>
/// The persisted queue behind every channel message: one FIFO per conversation, a schedule of when each
/// conversation may send next, and the dead letters. Every call is atomic, and every call that finishes a
/// message checks that it is still the head of its conversation, so two instances never both act on one message.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Queues the message at the end of its conversation's queue, unless its id was queued before (false).</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// The head message of a conversation that is due at <paramref name="now"/>; that conversation is then held
    /// for this caller until <paramref name="now"/> + <paramref name="lease"/> (another instance takes it over after).
    /// </summary>
    Task<OutboxLease?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct);

    /// <summary>
    /// Removes the message from the head of its queue; <paramref name="sentAt"/> counts towards pacing when a send happened.
    /// With <paramref name="cardShows"/> (the version the conversation's card <see cref="OutboxMessage.MergeKey"/> shows now)
    /// the versions of that card still queued in the conversation at or below it leave the queue too: they would send
    /// nothing, and in a storm a roll-up queues a version per incident that joins it.
    /// </summary>
    Task CompleteAsync(OutboxMessage message, DateTimeOffset? sentAt, DateTimeOffset now, CancellationToken ct, int? cardShows = null);

    /// <summary>
    /// Counts a message that reached (or may have reached) the conversation outside a completed send towards its
    /// pacing: a reply the bot gave in a turn, or a failed attempt that the channel may have counted.
    /// </summary>
    Task RecordSendAsync(string conversationId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Keeps the message at the head (stored as given, e.g. with one more attempt) and makes its conversation due at <paramref name="dueAt"/>.</summary>
    Task RescheduleAsync(OutboxMessage message, DateTimeOffset dueAt, CancellationToken ct);

    /// <summary>
    /// Moves the message from the head of its queue to the dead letters and forgets its idempotency key, so that a
    /// later offer of the same message (the reconciler's, once the channel is back) is queued again instead of being
    /// skipped as "already queued". Keeps at most the newest <see cref="OutboxOptions.DeadLetterLimit"/> dead letters,
    /// none older than <see cref="OutboxOptions.DeadLetterRetention"/>.
    /// </summary>
    Task DeadLetterAsync(DeadLetter deadLetter, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(CancellationToken ct);

    Task<long> CountPendingAsync(CancellationToken ct);
}
