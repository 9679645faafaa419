using SupportBot.Outbox;

namespace SupportBot.Tests.Infrastructure;

public static class OutboxDrain
{
    /// <summary>
    /// Waits, in real time, until every message queued in the hosts' outboxes was sent and completed. Call it before a
    /// fake clock jumps on: a send still in flight would otherwise see its send timeout and lease run out at once and be
    /// sent again (in real time a send takes milliseconds, not the minutes the clock jumps).
    /// </summary>
    public static async Task WaitUntilSentAsync(TimeSpan? timeout = null, params BotApp[] hosts)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            long pending = 0;
            foreach (var host in hosts) pending += await host.Service<IOutboxStore>().CountPendingAsync(default);
            if (pending == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending} outbox messages were still waiting after {timeout ?? TimeSpan.FromSeconds(20)}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Outbox settings for a host whose clock jumps: a send in flight is never cut off by a jump (see <see cref="WaitUntilSentAsync"/>).</summary>
    public static Dictionary<string, string?> LongSendWindow(Dictionary<string, string?>? settings = null)
    {
        var all = settings ?? [];
        all["Outbox:SendTimeout"] = "01:00:00";
        all["Outbox:Lease"] = "03:00:00";
        return all;
    }
}
