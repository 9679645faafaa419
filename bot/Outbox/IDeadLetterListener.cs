namespace SupportBot.Outbox;

/// <summary>
/// Told when the outbox gives up on a message (a dead letter), so that whoever queued it can offer it again later:
/// e.g. a digest the chat refused is composed and queued again at the next pass.
/// </summary>
public interface IDeadLetterListener
{
    Task OnDeadLetterAsync(DeadLetter deadLetter, CancellationToken ct);
}
