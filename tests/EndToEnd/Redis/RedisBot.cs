using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>Settings for a bot on the test's Redis with an outbox that retries in milliseconds rather than seconds.</summary>
public static class RedisBot
{
    public const string Channel = "19:support-general@thread.tacv2";

    public static Dictionary<string, string?> Settings(RedisServer redis, string prefix, int maxAttempts = 8) =>
        Settings(redis.Settings(prefix), maxAttempts);

    /// <summary><paramref name="store"/>: where the bot's Redis is (a server, a cluster, sentinels), plus the fast outbox.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?> store, int maxAttempts = 8)
    {
        var settings = new Dictionary<string, string?>(store);
        settings["Outbox:BaseDelay"] = "00:00:00.050";
        settings["Outbox:MaxDelay"] = "00:00:00.400";
        settings["Outbox:PollInterval"] = "00:00:00.050";
        settings["Outbox:Lease"] = "00:00:05";
        settings["Outbox:SendTimeout"] = "00:00:02";
        settings["Outbox:MaxAttempts"] = maxAttempts.ToString();
        // These tests count one card per incident through faults and failovers; roll-ups have MajorEventTests of their own.
        settings["Storm:Threshold"] = "100000";
        return settings;
    }
}
