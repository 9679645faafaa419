namespace SupportBot.Outbox;

/// <summary>
/// Teams' documented per-bot, per-conversation limits: 7 messages in 1 s, 8 in 2 s, 60 in 30 s. Given a
/// conversation's recent send times, the earliest moment the next message may go without breaking any of them.
/// </summary>
public static class TeamsPacing
{
    public static readonly IReadOnlyList<(TimeSpan Window, int Limit)> Limits =
    [
        (TimeSpan.FromSeconds(1), 7),
        (TimeSpan.FromSeconds(2), 8),
        (TimeSpan.FromSeconds(30), 60),
    ];

    /// <summary>Past the window's edge: send times are kept to the millisecond (rounded up).</summary>
    public static readonly TimeSpan EdgeMargin = TimeSpan.FromMilliseconds(1);

    /// <summary>Most recent first or in any order; returns <paramref name="now"/> when the next message may go at once.</summary>
    public static DateTimeOffset EarliestNext(IReadOnlyList<DateTimeOffset> recentSends, DateTimeOffset now)
    {
        var newestFirst = recentSends.OrderByDescending(t => t).ToList();
        var earliest = now;
        foreach (var (window, limit) in Limits)
        {
            if (newestFirst.Count < limit) continue;
            // The limit-th newest send must have left the window before another one may go: strictly, since a send
            // exactly one window later still counts it (the window's edges are included).
            var freedAt = newestFirst[limit - 1] + window + EdgeMargin;
            if (freedAt > earliest) earliest = freedAt;
        }
        return earliest;
    }
}
