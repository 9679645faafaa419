namespace SupportBot.Storage.Redis;

/// <summary>The "Redis" section; the connection itself is ConnectionStrings:Redis.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Every key SupportBot writes starts with this, so several bots (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "supportbot:";
}
