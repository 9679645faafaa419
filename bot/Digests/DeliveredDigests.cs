using SupportBot.Outbox;

namespace SupportBot.Digests;

/// <summary>Counts a digest in supportbot_digests_sent_total when the chat took it, not when it was queued (a refused one is queued again).</summary>
public sealed class DeliveredDigests(Telemetry.SupportBotMetrics metrics) : ISentListener
{
    public void OnSent(OutboxMessage message)
    {
        if (DigestRunner.TryParseKey(message.Id, out _, out _)) metrics.DigestsSent.Inc();
    }
}
