using System.Text.Json.Serialization;
using Microsoft.Bot.Schema;

namespace SupportBot.Outbox;

/// <summary>
/// One message waiting to go to one conversation. <see cref="Id"/> is its idempotency key: the same key is
/// queued once, however often it is offered (two instances, a reconcile pass, a retried webhook).
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }
    public required OutboxKind Kind { get; init; }
    public required ConversationReference Conversation { get; init; }
    public required Activity Activity { get; init; }

    /// <summary>
    /// The card this message is (<see cref="OutboxKind.Card"/>) or is threaded under (<see cref="OutboxKind.Reply"/>).
    /// Every version of one card in one conversation is one posted activity, updated in place.
    /// </summary>
    public string? MergeKey { get; init; }

    /// <summary>The card's version; a conversation whose card shows this version or a newer one is not sent it again.</summary>
    public int Version { get; init; }

    /// <summary>The card's subject is over: a conversation that never got the card is not sent it now.</summary>
    public bool OnlyIfPosted { get; init; }

    /// <summary>
    /// Goes before the conversation's other waiting messages (each group stays in order): a new incident's card or a
    /// resolution matters more to a reader than the intermediate update of another card.
    /// </summary>
    public bool Urgent { get; init; }

    /// <summary>The activity a <see cref="OutboxKind.Replace"/> message replaces.</summary>
    public string? TargetActivityId { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }
    public int Attempts { get; init; }

    /// <summary>429s in a row for a Teams conversation: they are waited out, not counted as failed <see cref="Attempts"/>.</summary>
    public int Throttles { get; init; }
    public string? LastError { get; init; }

    [JsonIgnore]
    public string ConversationId => Conversation.Conversation.Id;

    public static string CardId(string mergeKey, string conversationId, int version) => CardIdPrefix(mergeKey, conversationId) + version;

    /// <summary>What the ids of every version of one card in one conversation begin with (the version number follows).</summary>
    public static string CardIdPrefix(string mergeKey, string conversationId) => $"card:{mergeKey}:{conversationId}:v";
}

public enum OutboxKind
{
    /// <summary>A card: posted the first time, updated in place afterwards, never older over newer.</summary>
    Card,

    /// <summary>A threaded reply under a card (a new post when the conversation never got the card).</summary>
    Reply,

    /// <summary>A new top-level post.</summary>
    Post,

    /// <summary>Replaces one given activity in place (an older copy of a card, marked superseded).</summary>
    Replace,
}

/// <summary>A message the outbox gave up on, kept for people to see at GET /api/admin/outbox/dead-letters.</summary>
public sealed record DeadLetter(OutboxMessage Message, string Reason, DateTimeOffset At);

/// <summary>The head message of one conversation, claimed by this instance, with that conversation's recent sends for pacing.</summary>
public sealed record OutboxLease(OutboxMessage Message, IReadOnlyList<DateTimeOffset> RecentSends);
