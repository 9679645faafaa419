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
}
