namespace SupportBot.Outbox;

/// <summary>Told when the channel took a message, so that whoever queued it can count it as delivered (e.g. digests sent).</summary>
public interface ISentListener
{
    void OnSent(OutboxMessage message);
}
