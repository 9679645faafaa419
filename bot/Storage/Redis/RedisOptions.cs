namespace SupportBot.Storage.Redis;

/// <summary>The "Redis" section; the connection itself is ConnectionStrings:Redis.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Every key SupportBot writes starts with this, so several bots (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "supportbot:";

    /// <summary>
    /// Replicas that must confirm (WAIT) each write a webhook's 202 or a card's "sent" depends on before it counts; 0
    /// waits for none. With 1 (and a replica), a failover cannot lose what the bot acknowledged.
    /// </summary>
    public int WaitForReplicas { get; set; }

    /// <summary>How long to wait for them; unconfirmed, the write is answered like Redis being down (503, sent again).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an instance keeps the list of briefing channels it read at most. Every subscribe or unsubscribe tells
    /// every instance at once (Redis pub/sub), and a lost connection drops the list too; this bounds a notice lost otherwise.
    /// </summary>
    public TimeSpan BriefingChannelsMaxAge { get; set; } = RedisBriefingChannelStore.DefaultMaxAge;
}
