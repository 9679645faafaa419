namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// Teams' documented per-bot, per-conversation limits (7 messages in 1 s, 8 in 2 s, 60 in 30 s), enforced exactly for
/// the Bot Connector stand-in: a call that would make the count of calls in any window (edges included) exceed its
/// limit is answered 429 and not delivered. Replies in a Teams channel thread count against their channel.
/// Its clock is real time unless a test hands it the bot's fake clock.
/// </summary>
public sealed class TeamsRateLimit(TimeProvider? time = null)
{
    private static readonly (TimeSpan Window, int Max)[] Limits =
        [(TimeSpan.FromSeconds(1), 7), (TimeSpan.FromSeconds(2), 8), (TimeSpan.FromSeconds(30), 60)];

    private readonly Dictionary<string, Queue<DateTime>> _sent = [];
    private int _rejected;
    private int _calls;

    public int Rejected => Volatile.Read(ref _rejected);
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Use as <see cref="ConnectorStandIn.Fault"/>: null lets the call through, else 429 with Retry-After: 1.</summary>
    public (int Status, int? RetryAfterSeconds)? Check(ConnectorCall call) => TryTake(call.ConversationId) ? null : (429, 1);

    public bool TryTake(string conversationId)
    {
        Interlocked.Increment(ref _calls);
        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        var conversation = thread < 0 ? conversationId : conversationId[..thread];
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        lock (_sent)
        {
            if (!_sent.TryGetValue(conversation, out var times)) _sent[conversation] = times = new Queue<DateTime>();
            while (times.Count > 0 && now - times.Peek() > TimeSpan.FromSeconds(30)) times.Dequeue();
            foreach (var (window, max) in Limits)
            {
                if (times.Count(t => now - t <= window) >= max)
                {
                    Interlocked.Increment(ref _rejected);
                    return false;
                }
            }
            times.Enqueue(now);
            return true;
        }
    }
}
