namespace SupportBot.Bench;

/// <summary>
/// Teams' documented per-bot, per-conversation limits (7 messages in 1 s, 8 in 2 s, 60 in 30 s), enforced by the
/// Bot Connector stand-in: a call past them is answered 429 and not delivered.
/// </summary>
public sealed class TeamsRateLimit
{
    private static readonly (TimeSpan Window, int Max)[] Limits =
        [(TimeSpan.FromSeconds(1), 7), (TimeSpan.FromSeconds(2), 8), (TimeSpan.FromSeconds(30), 60)];

    private readonly Dictionary<string, Queue<DateTime>> _sent = [];
    private int _rejected;

    public int Rejected => Volatile.Read(ref _rejected);

    public bool TryTake(string conversationId)
    {
        var now = DateTime.UtcNow;
        lock (_sent)
        {
            if (!_sent.TryGetValue(conversationId, out var times)) _sent[conversationId] = times = new Queue<DateTime>();
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
