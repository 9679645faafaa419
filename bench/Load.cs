using System.Diagnostics;

namespace SupportBot.Bench;

public static class Load
{
    /// <summary>Closed loop: <paramref name="workers"/> clients send back to back for <paramref name="duration"/>.</summary>
    public static async Task<(int Ok, int Failed, double Seconds)> ClosedLoopAsync(
        HttpClient http, int workers, TimeSpan duration, Func<int, HttpRequestMessage> request)
    {
        var ok = 0;
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var message = request(Interlocked.Increment(ref next));
                try
                {
                    using var response = await http.SendAsync(message);
                    if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok);
                    else Interlocked.Increment(ref failed);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failed); }
            }
        }));
        return (ok, failed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>BENCH_TURN_LOG=file: each round trip's end (Unix ms), start (Stopwatch ticks) and time (ms), to line slow ones up with a profile.</summary>
    private static readonly StreamWriter? TurnLog = Environment.GetEnvironmentVariable("BENCH_TURN_LOG") is { Length: > 0 } path
        ? new StreamWriter(path, append: true) { AutoFlush = true } : null;

    /// <summary>
    /// Chat turns are asked at most 25 a second: every answer takes a place in its Teams tenant's budget of 50 requests
    /// a second (Outbox:TenantRequestsPerSecond), so questions back to back would measure that wait, not the bot.
    /// </summary>
    public static readonly TimeSpan ChatTurnGap = TimeSpan.FromMilliseconds(40);

    /// <summary>Round-trip times in milliseconds of <paramref name="count"/> sequential requests, each <paramref name="gap"/> after the previous one started.</summary>
    public static async Task<List<double>> RoundTripsAsync(HttpClient http, int count, Func<int, HttpRequestMessage> request, TimeSpan gap = default)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            using var message = request(i);
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            var elapsed = Stopwatch.GetElapsedTime(start);
            times.Add(elapsed.TotalMilliseconds);
            TurnLog?.WriteLine($"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {start} {elapsed.TotalMilliseconds:F2}");
            if (gap > elapsed) await Task.Delay(gap - elapsed);
        }
        return times;
    }

    /// <summary>
    /// Latency targets are for a bot in steady state. The first requests after a start (or after seeding) run code the
    /// JIT has not optimised yet, and its tier-1 compiler keeps a core busy for seconds after: measured in that window,
    /// a p99 says how fast the JIT is. Warm with <paramref name="count"/> requests, then wait until the bot's CPU over
    /// half a second falls under 5 % of a core (at most 15 s). Returns the warm-up's round trips: the cold figures.
    /// </summary>
    public static async Task<List<double>> WarmUpAsync(HttpClient http, ChildServer bot, int count, Func<int, HttpRequestMessage> request,
        TimeSpan gap = default)
    {
        var cold = await RoundTripsAsync(http, count, request, gap);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            var before = bot.ProcessorTime();
            await Task.Delay(500);
            if ((bot.ProcessorTime() - before).TotalMilliseconds < 25) break;
        }
        return cold;
    }
}
