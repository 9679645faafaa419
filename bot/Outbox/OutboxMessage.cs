using Microsoft.Bot.Schema;
using Newtonsoft.Json;

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

    /// <summary>The incident whose card this message is (Briefing) or answers under (Reply).</summary>
    public int? IncidentNumber { get; init; }
    public int IncidentVersion { get; init; }
    public bool IncidentOpen { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }

    [JsonIgnore]
    public string ConversationId => Conversation.Conversation.Id;

    public static string BriefingKey(int incidentNumber, string conversationId, int version) =>
        $"briefing:INC-{incidentNumber}:{conversationId}:v{version}";
}

public enum OutboxKind
{
    /// <summary>The incident's card: posted the first time, updated in place afterwards, never older over newer.</summary>
    Briefing,

    /// <summary>A threaded reply under the incident's card (a new post when the conversation never got the card).</summary>
    Reply,

    /// <summary>A new top-level post.</summary>
    Post,
}

/// <summary>A message the outbox gave up on, kept for people to see at GET /api/admin/outbox/dead-letters.</summary>
public sealed record DeadLetter(OutboxMessage Message, string Reason, DateTimeOffset At);

/// <summary>The head message of one conversation, claimed by this instance, with that conversation's recent sends for pacing.</summary>
public sealed record OutboxLease(OutboxMessage Message, IReadOnlyList<DateTimeOffset> RecentSends);
