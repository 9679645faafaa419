using Microsoft.Extensions.Time.Testing;

namespace SupportBot.Tests.Infrastructure;

/// <summary>Waiting on a condition that something running in the background makes true, with a generous deadline for loaded machines.</summary>
public static class Poll
{
    /// <summary>Asks <paramref name="condition"/> every 100 ms until it holds; fails the test naming <paramref name="what"/> after <paramref name="timeout"/> (60 s).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// As <see cref="UntilAsync"/> for a bot whose clock the test holds still: moves <paramref name="clock"/> a little over a
    /// second before each look (so what waits for Teams' pacing goes out), every 300 ms of real time, for up to 60 s.
    /// </summary>
    public static async Task AdvancingUntilAsync(FakeTimeProvider clock, Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never saw {what()}");
            clock.Advance(TimeSpan.FromSeconds(1.1));
            await Task.Delay(300);
        }
    }
}
