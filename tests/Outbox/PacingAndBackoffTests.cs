using SupportBot.Outbox;

namespace SupportBot.Tests.Outbox;

public sealed class PacingAndBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_quiet_conversation_may_send_at_once()
    {
        Assert.Equal(Now, TeamsPacing.EarliestNext([], Now));
        Assert.Equal(Now, TeamsPacing.EarliestNext(Sends(6, every: TimeSpan.FromMilliseconds(100)), Now));
    }

    [Fact]
    public void Seven_messages_in_the_last_second_hold_the_eighth_until_the_oldest_leaves_the_second()
    {
        var sends = Sends(7, every: TimeSpan.FromMilliseconds(100)); // now-100ms … now-700ms

        Assert.Equal(Now - TimeSpan.FromMilliseconds(700) + TimeSpan.FromSeconds(1) + TeamsPacing.EdgeMargin, TeamsPacing.EarliestNext(sends, Now));
    }

    [Fact]
    public void Eight_messages_in_two_seconds_hold_the_ninth_even_when_the_last_second_had_fewer_than_seven()
    {
        var sends = Sends(8, every: TimeSpan.FromMilliseconds(200)); // now-200ms … now-1600ms

        Assert.Equal(Now - TimeSpan.FromMilliseconds(1600) + TimeSpan.FromSeconds(2) + TeamsPacing.EdgeMargin, TeamsPacing.EarliestNext(sends, Now));
    }

    [Fact]
    public void Sixty_messages_in_thirty_seconds_hold_the_next_one()
    {
        var sends = Sends(60, every: TimeSpan.FromMilliseconds(450)); // spread: never 8 in 2 s, but 60 within 27 s

        Assert.Equal(Now - TimeSpan.FromMilliseconds(450 * 60) + TimeSpan.FromSeconds(30) + TeamsPacing.EdgeMargin, TeamsPacing.EarliestNext(sends, Now));
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.999, 999)]
    [InlineData(3, 0.0, 2000)]
    [InlineData(20, 0.0, 30000)] // capped at MaxDelay 60 s, half of it fixed
    public void Backoff_doubles_per_attempt_with_jitter_and_a_cap(int attempt, double jitter, int expectedMs)
    {
        var delay = RetryBackoff.Delay(attempt, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter);

        Assert.Equal(expectedMs, (int)delay.TotalMilliseconds);
    }

    [Fact]
    public void Retry_after_from_the_channel_wins_over_a_shorter_backoff()
    {
        var delay = RetryBackoff.Delay(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.5);

        Assert.Equal(TimeSpan.FromSeconds(30.5), delay);
    }

    private static List<DateTimeOffset> Sends(int count, TimeSpan every) =>
        Enumerable.Range(1, count).Select(i => Now - every * i).ToList();
}
