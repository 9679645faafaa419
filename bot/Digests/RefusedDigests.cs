using SupportBot.Outbox;

namespace SupportBot.Digests;

/// <summary>A digest the outbox gave up on (the chat refused it) gives its claim back, so the next pass sends it again.</summary>
public sealed class RefusedDigests(ISubscriptionStore subscriptions, ILogger<RefusedDigests> log) : IDeadLetterListener
{
    public async Task OnDeadLetterAsync(DeadLetter deadLetter, CancellationToken ct)
    {
        if (!DigestRunner.TryParseKey(deadLetter.Message.Id, out var subscription, out var due)) return;
        await subscriptions.ReleaseDigestAsync(subscription, due, ct);
        log.LogWarning("Digest #{Subscription} due {Due} was not delivered ({Reason}); the next pass tries again", subscription, due, deadLetter.Reason);
    }
}
