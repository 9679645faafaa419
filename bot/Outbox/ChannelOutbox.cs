using Microsoft.Bot.Schema;
using SupportBot.Incidents;

namespace SupportBot.Outbox;

/// <summary>What the rest of the bot calls to send a message to a channel: it only queues; the outbox worker sends.</summary>
public sealed class ChannelOutbox(IOutboxStore store, OutboxSignal signal, TimeProvider time)
{
    /// <summary>Queues <paramref name="card"/>, this version of the incident's card, for the conversation (posted once, then updated in place).</summary>
    public Task<bool> BriefAsync(ConversationReference conversation, Incident incident, IMessageActivity card, CancellationToken ct) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = OutboxMessage.BriefingKey(incident.Number, conversation.Conversation.Id, incident.Version),
            Kind = OutboxKind.Briefing,
            Conversation = conversation,
            Activity = (Activity)card,
            IncidentNumber = incident.Number,
            IncidentVersion = incident.Version,
            IncidentOpen = incident.IsOpen,
        }, ct);

    /// <summary>Queues a reply in the thread under the incident's card; <paramref name="key"/> makes it idempotent.</summary>
    public Task<bool> ReplyAsync(ConversationReference conversation, int incidentNumber, string key, IMessageActivity message, CancellationToken ct) =>
        EnqueueAsync(new OutboxMessage
        {
            Id = $"reply:INC-{incidentNumber}:{conversation.Conversation.Id}:{key}",
            Kind = OutboxKind.Reply,
            Conversation = conversation,
            Activity = (Activity)message,
            IncidentNumber = incidentNumber,
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

    private async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = await store.EnqueueAsync(message with { EnqueuedAt = now }, now, ct);
        if (queued) signal.Notify();
        return queued;
    }
}
