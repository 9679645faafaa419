namespace SupportBot.Outbox;

/// <summary>
/// Asked before a card is posted to a conversation for the first time: another card may show it there instead (an
/// incident whose own card had not reached a channel when the channel's storm began is on the storm's roll-up).
/// Implemented by whoever queues such cards.
/// </summary>
public interface IFirstPostGate
{
    /// <summary>
    /// True when the card must not be posted: the conversation shows its subject on another card (queued now if need
    /// be). With <paramref name="posting"/> a false answer is final: the card is being posted, and stays the one that
    /// shows its subject there.
    /// </summary>
    Task<bool> ShownElsewhereAsync(OutboxMessage message, bool posting, CancellationToken ct);

    /// <summary>
    /// The merge key of the card that shows this card's subject in the conversation instead, or null: a reply queued
    /// under a card that was never posted goes in that card's thread.
    /// </summary>
    Task<string?> ShownOnAsync(OutboxMessage message, CancellationToken ct);
}
