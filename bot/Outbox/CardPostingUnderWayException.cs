namespace SupportBot.Outbox;

/// <summary>
/// Another attempt is posting the card (its intent is recorded, its id not yet) and may still record the id: the
/// message waits until <see cref="RecheckAt"/> rather than post the card a second time.
/// </summary>
public sealed class CardPostingUnderWayException(string message, DateTimeOffset recheckAt) : Exception(message)
{
    public DateTimeOffset RecheckAt { get; } = recheckAt;
}
