using Microsoft.Bot.Schema;

namespace SupportBot.Outbox;

/// <summary>What the rest of the bot calls to send a message to a channel: it only queues; the outbox worker sends.</summary>
public sealed class ChannelOutbox(IOutboxStore store, OutboxSignal signal, TimeProvider time, Telemetry.SupportBotMetrics metrics)
{
    /// <summary>
    /// Queues <paramref name="card"/>, version <paramref name="version"/> of the card <paramref name="mergeKey"/>, for the
    /// conversation (posted once, then updated in place). With <paramref name="onlyIfPosted"/> a conversation that never
    /// got the card does not get it. An <paramref name="urgent"/> card goes before the conversation's other waiting messages.
    /// </summary>
    public Task<bool> CardAsync(ConversationReference conversation, string mergeKey, int version, bool onlyIfPosted,
        IMessageActivity card, CancellationToken ct, bool urgent = false) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = OutboxMessage.CardId(mergeKey, conversation.Conversation.Id, version),
            Kind = OutboxKind.Card,
            Conversation = conversation,
            Activity = (Activity)card,
            MergeKey = mergeKey,
            Version = version,
            OnlyIfPosted = onlyIfPosted,
            Urgent = urgent,
        }, ct);

    /// <summary>Queues a reply in the thread under the card <paramref name="mergeKey"/>; <paramref name="key"/> makes it idempotent.</summary>
    public Task<bool> ReplyAsync(ConversationReference conversation, string mergeKey, string key, IMessageActivity message, CancellationToken ct) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = $"reply:{mergeKey}:{conversation.Conversation.Id}:{key}",
            Kind = OutboxKind.Reply,
            Conversation = conversation,
            Activity = (Activity)message,
            MergeKey = mergeKey,
        }, ct);

    /// <summary>Queues a new top-level post; <paramref name="key"/> makes it idempotent.</summary>
    public Task<bool> PostAsync(ConversationReference conversation, string key, IMessageActivity message, CancellationToken ct) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = $"post:{conversation.Conversation.Id}:{key}",
            Kind = OutboxKind.Post,
            Conversation = conversation,
            Activity = (Activity)message,
        }, ct);

    /// <summary>Queues the replacement of the activity <paramref name="activityId"/> (an older copy of the card <paramref name="mergeKey"/>).</summary>
    public Task<bool> ReplaceAsync(ConversationReference conversation, string mergeKey, string activityId, IMessageActivity message, CancellationToken ct) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = $"replace:{mergeKey}:{conversation.Conversation.Id}:{activityId}",
            Kind = OutboxKind.Replace,
            Conversation = conversation,
            Activity = (Activity)message,
            MergeKey = mergeKey,
            TargetActivityId = activityId,
        }, ct);

    private async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = await store.EnqueueAsync(message with { EnqueuedAt = now }, now, ct);
        if (!queued) return false;
        metrics.OutboxMessages.WithLabels("queued").Inc();
        signal.Notify();
        return true;
    }
}
