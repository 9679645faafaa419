using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>The Bot Connector throttling and failing: every card still arrives exactly once, in order, paced; hopeless ones become dead letters.</summary>
public sealed class OutboxFaultTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly ConcurrentQueue<(DateTime At, ConnectorCall Call, int? Status)> _attempts = new();
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;
    private BotClient _chat = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(Settings(redis, RedisServer.NewPrefix(), maxAttempts: 6));
        _http = _bot.CreateClient();
        _chat = new BotClient(_http, _connector.Url);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Throttled_then_failing_connector_still_gets_every_card_once_and_in_order()
    {
        await SubscribeAsync(Channel);
        var calls = 0;
        Fail(_ => Interlocked.Increment(ref calls) switch
        {
            1 => (429, 1),
            <= 4 => (500, null),
            _ => null,
        });

        string[] summaries = ["Checkout API down", "Search latency high", "Login errors rising"];
        foreach (var summary in summaries)
            await _http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For(summary));
        await _http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Checkout API down", resolved: true));

        // The outbox sends each card as the incident is at send time: if INC-1 resolved while its first post was
        // still being retried, the post itself already says Resolved and no update is needed.
        var resolved = await _connector.WaitForAsync(c => c.Visible.Contains("INC-1") && c.Visible.Contains("Resolved"),
            TimeSpan.FromSeconds(30), "INC-1's card showing Resolved");
        await _connector.WaitForAsync(c => c.Visible.Contains("INC-3"), TimeSpan.FromSeconds(30), "INC-3's card");
        var posts = _connector.Posts;
        Assert.Equal(summaries, posts.Select(p => summaries.Single(s => p.Visible.Contains(s))));
        Assert.Equal(["INC-1", "INC-2", "INC-3"], posts.Select(p => new[] { "INC-1", "INC-2", "INC-3" }.Single(p.Visible.Contains)));
        Assert.Equal(posts[0].ActivityId, resolved.ActivityId);
        Assert.True(_connector.Updates.Count <= 1);
        // The 429 said "Retry-After: 1": nothing was sent to the conversation again before that second was up.
        var attempts = _attempts.ToList();
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(950),
            $"retried {attempts[1].At - attempts[0].At} after a 429 with Retry-After: 1");
    }

    [Fact]
    public async Task A_burst_of_cards_to_one_channel_stays_under_the_Teams_limit_of_7_per_second()
    {
        await SubscribeAsync(Channel);
        Fail(_ => null);

        for (var i = 1; i <= 10; i++)
            await _http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Burst alert {i}"));

        await _connector.WaitForAsync(c => c.Visible.Contains("Burst alert 10"), TimeSpan.FromSeconds(20), "the tenth card");
        var sent = _attempts.Where(a => a.Call is { Method: "POST", ReplyToId: null }).Select(a => a.At).Order().ToList();
        Assert.Equal(10, sent.Count);
        for (var i = 7; i < sent.Count; i++)
            Assert.True(sent[i] - sent[i - 7] >= TimeSpan.FromMilliseconds(990), $"8 cards within {sent[i] - sent[i - 7]}");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"Burst alert {i}"),
            _connector.Posts.Select(p => Enumerable.Range(1, 10).Select(i => $"Burst alert {i}").Last(p.Visible.Contains)));
    }

    [Fact]
    public async Task Undeliverable_cards_become_dead_letters_shown_to_admins_and_other_channels_still_get_theirs()
    {
        const string removed = "19:bot-was-removed@thread.tacv2";
        const string broken = "19:always-failing@thread.tacv2";
        await SubscribeAsync(Channel);
        await SubscribeAsync(removed);
        await SubscribeAsync(broken);
        Fail(call => call.ConversationId switch
        {
            removed => (403, null),
            broken => (503, null),
            _ => null,
        });

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var post = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the card in the healthy channel");
        Assert.Equal(Channel, post.ConversationId);

        var dead = await WaitForDeadLettersAsync(2);
        var refused = dead.Single(d => d.GetProperty("conversationId").GetString() == removed);
        Assert.Equal("INC-1", refused.GetProperty("mergeKey").GetString());
        Assert.True(1 == refused.GetProperty("attempts").GetInt32(), refused.ToString());
        Assert.Contains("403", refused.GetProperty("reason").GetString());
        var gaveUp = dead.Single(d => d.GetProperty("conversationId").GetString() == broken);
        Assert.Equal(6, gaveUp.GetProperty("attempts").GetInt32());
        Assert.Contains("Gave up after 6 attempts", gaveUp.GetProperty("reason").GetString());
        Assert.Contains("503", gaveUp.GetProperty("lastError").GetString());
        var summary = await _http.GetFromJsonAsync<JsonElement>("/api/admin/outbox");
        Assert.Equal(2, summary.GetProperty("deadLetters").GetInt32());
        Assert.Equal(0, summary.GetProperty("pending").GetInt64());
    }

    private async Task SubscribeAsync(string conversationId)
    {
        await _chat.AddBotAsync(conversationId);
        await _connector.WaitForAsync(c => c.ReplyToId is not null && c.ConversationId == conversationId, what: "the greeting");
    }

    /// <summary>Faults the connector's calls as <paramref name="fault"/> says, and records when each call came and how it was answered.</summary>
    private void Fail(Func<ConnectorCall, (int, int?)?> fault) =>
        _connector.Fault = call =>
        {
            var answer = fault(call);
            _attempts.Enqueue((DateTime.UtcNow, call, answer?.Item1));
            return answer;
        };

    private async Task<List<JsonElement>> WaitForDeadLettersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var dead = (await _http.GetFromJsonAsync<JsonElement>("/api/admin/outbox/dead-letters")).EnumerateArray().ToList();
            if (dead.Count >= count) return dead;
            Assert.True(DateTime.UtcNow < deadline, $"only {dead.Count} dead letters after 20 s");
            await Task.Delay(100);
        }
    }
}
