using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Outbox;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// One instance posts a card and loses Redis before it can record the card's id, for longer than its outbox lease (as
/// in a Redis Cluster failover on a loaded machine); another instance, which still reaches Redis, takes the
/// conversation over. The first one reaches Redis through a <see cref="TcpRelay"/> the test cuts.
/// </summary>
public sealed class CutOffPosterTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly CapturingLoggerProvider _posterLog = new(LogLevel.Information, "[cut off] ", stamped: true);
    private readonly CapturingLoggerProvider _otherLog = new(LogLevel.Information, "[other] ", stamped: true);
    private ConnectorStandIn _connector = null!;
    private TcpRelay _relay = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _relay = TcpRelay.To(redis.Port);
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task The_other_instance_waits_for_the_posted_cards_id_and_then_updates_that_card_instead_of_posting_it_again()
    {
        var (poster, other) = await PostWhileCutOffAsync(repostAfter: TimeSpan.FromMinutes(10));
        await using var _ = poster;
        await using var __ = other;

        // The other instance has the conversation now (the lease is 5 s), finds the card being posted, and holds back.
        await LoggedAsync(_otherLog, "waits: INC-1 is being posted", "the other instance to find INC-1 being posted and wait for its id");
        _relay.Heal();
        await LoggedAsync(_posterLog, "Posted INC-1 v1", "the cut-off instance to record the card it posted, once it reaches Redis again");

        var card = Assert.Single(_connector.Posts, c => c.Card is not null);
        await other.CreateClient().PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        await _connector.WaitForNewestAsync(card, "2 firing of 2", TimeSpan.FromSeconds(60), "the card updated in place");
        Assert.Single(_connector.Posts, c => c.Card is not null);
    }

    [Fact]
    public async Task Cut_off_for_longer_than_RepostAfter_the_card_is_posted_again_and_the_first_copy_is_marked_superseded_once_recorded()
    {
        var (poster, other) = await PostWhileCutOffAsync(repostAfter: TimeSpan.FromSeconds(8));
        await using var _ = poster;
        await using var __ = other;

        // Nothing recorded the first post's id in time: the other instance posts the card again, as after a crash.
        var first = Assert.Single(_connector.Posts, c => c.Card is not null);
        var again = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null, Card: not null } && c != first,
            TimeSpan.FromSeconds(60), "the card posted again once RepostAfter is over");
        Assert.Contains("INC-1", again.Visible);

        // Back on Redis, the first instance finds the card recorded as the newer copy: its own copy becomes the pointer.
        _relay.Heal();
        var superseded = await _connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == first.ActivityId, TimeSpan.FromSeconds(60),
            "the first copy replaced by the note");
        Assert.Contains("superseded by the newer INC-1 card", superseded.Text);

        await other.CreateClient().PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        await _connector.WaitForNewestAsync(again, "2 firing of 2", TimeSpan.FromSeconds(60), "the newer card updated in place");
        Assert.Equal(2, _connector.Posts.Count(c => c.Card is not null));
        Assert.DoesNotContain(_connector.Updates, u => u.ActivityId == first.ActivityId && u.Visible.Contains("2 firing of 2"));
    }

    /// <summary>
    /// The first instance (through the relay) posts INC-1's card; the channel answers only once the relay is cut, so
    /// the instance holds the card's id but cannot record it. Then the other instance starts, on Redis directly.
    /// </summary>
    private async Task<(BotApp Poster, BotApp Other)> PostWhileCutOffAsync(TimeSpan repostAfter)
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        // The post must not time out on a loaded machine (a timed-out post is another case: nobody holds its id).
        settings["Outbox:SendTimeout"] = "00:00:10";
        settings["Outbox:Lease"] = "00:00:25";
        settings["Outbox:RepostAfter"] = repostAfter.ToString();
        var viaRelay = new Dictionary<string, string?>(settings) { ["ConnectionStrings:Redis"] = $"{_relay.Endpoint},connectTimeout=1000" };
        var poster = new BotApp(viaRelay, services => services.AddSingleton<ILoggerProvider>(_posterLog));
        var http = poster.CreateClient();
        await new BotClient(http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        _connector.BeforeAnswer = call =>
        {
            if (call is { Method: "POST", ReplyToId: null, Card: not null }) _relay.Cut();
            return Task.CompletedTask;
        };
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null, Card: not null }, TimeSpan.FromSeconds(30), "the card");
        _connector.BeforeAnswer = null;
        await LoggedAsync(_posterLog, "Could not record card", "the cut-off instance to fail to record the card's id");

        var other = new BotApp(settings, services => services.AddSingleton<ILoggerProvider>(_otherLog));
        other.CreateClient();
        return (poster, other);
    }

    /// <summary>Waits until <paramref name="log"/> has a line with <paramref name="text"/>; failing, shows both instances' logs.</summary>
    private async Task LoggedAsync(CapturingLoggerProvider log, string text, string what)
    {
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains(text))), what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var lines = _posterLog.Lines.Concat(_otherLog.Lines).Where(l => !l.Contains("Request starting") && !l.Contains("Request finished")).Order();
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + string.Join("\n", lines.TakeLast(80)));
        }
    }
}
