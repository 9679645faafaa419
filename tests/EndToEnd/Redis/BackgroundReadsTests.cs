using StackExchange.Redis;
using SupportBot.Incidents;
using SupportBot.OnCall;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Storage;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// Redis runs one command (a Lua script included) at a time, so a command that reads every open incident holds up
/// every answer asked meanwhile for as long as it runs: with 10,000 open, each /metrics scrape and the leader's first
/// reminder and flapping passes did that. With many open incidents, a scrape and those passes must read them in small
/// batches, and still see them all; the passes share one watch of the open incidents, so only the first reads them.
/// Read from Redis's own command log (every command, those inside scripts included).
/// </summary>
public sealed class BackgroundReadsTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const int Open = 700;
    private const int MostPerCommand = 200;
    private BotApp _bot = null!;
    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        // The test runs the passes itself.
        settings["Incidents:FlapCheckInterval"] = "01:00:00";
        settings["OnCall:ReminderCheckInterval"] = "01:00:00";
        settings["Outbox:ReconcileInterval"] = "01:00:00";
        _bot = new BotApp(settings);
        _admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _admin.DisposeAsync();
    }

    [Fact]
    public async Task A_scrape_and_the_leaders_passes_over_hundreds_of_open_incidents_read_them_in_small_batches_and_count_them_all()
    {
        var store = _bot.Service<IIncidentStore>();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Open), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            Assert.NotNull(await store.TryOpenAsync(StoreContract.Incident(0, $"background-{i}") with
            {
                StartedAt = now, Timeline = [new IncidentEvent(now, IncidentEventKind.Opened, "Opened just now")],
            }, ct)));
        var server = _admin.GetServer(redis.ConnectionString);
        await server.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "0");
        await server.ExecuteAsync("CONFIG", "SET", "slowlog-max-len", "1000000");
        await server.ExecuteAsync("SLOWLOG", "RESET");

        var metrics = await _bot.CreateClient().GetStringAsync("/metrics");
        Assert.Contains($"supportbot_open_incidents{{severity=\"critical\"}} {Open}", metrics);
        Assert.Equal(0, await _bot.Service<UpdateReminders>().RunOnceAsync(default)); // none is due: all opened just now
        Assert.Equal(0, await _bot.Service<FlappingCards>().RunOnceAsync(default));

        var perScript = await IncidentsReadPerScriptAsync(server);
        // The two passes share what the first read: every open incident is read once between them, not once each.
        Assert.Equal(Open, perScript.Sum());
        Assert.True(perScript.Max() <= MostPerCommand, $"one command read {perScript.Max()} incidents");
    }

    /// <summary>
    /// How many incidents (HGET of the incidents hash) each script read. Redis logs a script's own commands (client
    /// "?:0") as they finish, then the script; nothing else runs in between.
    /// </summary>
    private static async Task<List<int>> IncidentsReadPerScriptAsync(IServer server)
    {
        var entries = (RedisResult[])(await server.ExecuteAsync("SLOWLOG", "GET", "-1"))!;
        var perScript = new List<int>();
        var reads = 0;
        foreach (var entry in entries.Reverse().Select(e => (RedisResult[])e!))
        {
            var args = ((RedisResult[])entry[3]!).Select(a => (string?)a ?? "").ToArray();
            var fromScript = (string?)entry[4] == "?:0";
            if (fromScript && args[0].Equals("HGET", StringComparison.OrdinalIgnoreCase) && args[1].EndsWith("{incidents}", StringComparison.Ordinal))
                reads++;
            else if (!fromScript && args[0].StartsWith("EVAL", StringComparison.OrdinalIgnoreCase))
            {
                perScript.Add(reads);
                reads = 0;
            }
        }
        return perScript;
    }
}
