namespace SupportBot.Outbox;

/// <summary>Exponential backoff with full jitter, unless the channel said when to come back (Retry-After).</summary>
public static class RetryBackoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="jitter">A number in [0, 1) (Random.Shared.NextDouble() outside tests).</param>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < maxDelay ? exponential : maxDelay;
        // Half fixed, half random: spreads instances and conversations apart, never retries at once.
        var delay = capped / 2 + capped / 2 * jitter;
        return retryAfter is { } asked && asked > delay ? asked + baseDelay * jitter : delay;
    }
}
