namespace SupportBot.Outbox;

/// <summary>The "Outbox" section: how hard and how long the outbox tries before a message becomes a dead letter.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Attempts per message (the first send included) before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits about this long; each further one twice as long, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Conversations one instance sends to at the same time (each conversation is still strictly in order).</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// Requests per second to one Teams tenant, all instances together (Teams documents 50 per app and tenant); 0: not
    /// paced per tenant. Lower it when other deployments of the same app share the tenant.
    /// </summary>
    public int TenantRequestsPerSecond { get; set; } = 50;

    /// <summary>
    /// How long an answer the bot gives in a turn (a greeting, an answer to a question) waits for a place in its Teams
    /// tenant's budget before it goes anyway: someone is waiting for it, and the channel stops waiting for the turn after a few seconds.
    /// </summary>
    public TimeSpan TurnReplyWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed conversation stays with this instance; after it, another instance takes over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A card another attempt started posting (its intent recorded, its id not yet) is posted again only once that
    /// posting is this old: the instance that posted it may still record its id, its Redis failing over for longer than
    /// <see cref="Lease"/>. Null: twice the lease. A process killed mid-post delays that card's next version this long.
    /// </summary>
    public TimeSpan? RepostAfter { get; set; }

    public TimeSpan RepostAfterOrDefault => RepostAfter ?? Lease * 2;

    /// <summary>One send that takes longer than this counts as a timeout (and is retried). Must be well under <see cref="Lease"/>.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often an idle worker looks for messages queued by other instances.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a message's idempotency key is remembered.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Dead letters kept at most; the oldest go first.</summary>
    public int DeadLetterLimit { get; set; } = 1000;

    /// <summary>How long a dead letter is kept for people to look at.</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the leader re-offers every recent incident's card to every channel (a no-op unless one was missed).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);
}
