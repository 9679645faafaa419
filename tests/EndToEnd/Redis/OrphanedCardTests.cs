using System.Net;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;
using static SupportBot.Tests.EndToEnd.Redis.RedisBot;

namespace SupportBot.Tests.EndToEnd.Redis;

/// <summary>
/// kill -9 after the channel took a card but before the bot recorded it: the next process posts the card again, and the
/// older copy, once someone uses it, is replaced by a note pointing to the newer card instead of staying "open" for ever.
/// </summary>
public sealed class OrphanedCardTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_card_posted_just_before_kill_9_is_posted_again_and_the_orphan_is_marked_superseded_when_used()
    {
        var settings = Settings(redis, RedisServer.NewPrefix());
        // A send that times out may have reached the channel too (and is then rightly posted again): on a busy machine
        // that would add copies this test does not count, so sends get time enough here.
        settings["Outbox:SendTimeout"] = "00:00:05";
        settings["Outbox:Lease"] = "00:00:11";
        await using var first = await BotProcess.StartAsync(settings);
        await new BotClient(first.Http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");

        // The channel takes the card and holds its answer while the bot process is killed.
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        _connector.BeforeAnswer = async call =>
        {
            if (call is not { Method: "POST", ReplyToId: null, Card: not null }) return;
            held.TrySetResult();
            await release.Task;
        };
        await first.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await first.KillAsync();
        _connector.BeforeAnswer = null;
        release.SetResult();
        var orphan = Assert.Single(_connector.Posts);

        await using var next = await BotProcess.StartAsync(settings);
        var newer = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null, Card: not null } && c.ActivityId != orphan.ActivityId,
            TimeSpan.FromSeconds(60), "the card posted again by the next process");
        Assert.Contains("INC-1", newer.Visible);

        // A rep presses Acknowledge on the orphan: the orphan becomes a pointer to the newer card.
        var chat = new BotClient(next.Http, _connector.Url);
        var invoke = chat.Base(ActivityTypes.Invoke, Channel, "channel");
        invoke.Name = "adaptiveCard/action";
        invoke.From = new ChannelAccount("29:rep", "Rita Rep");
        invoke.ReplyToId = orphan.ActivityId;
        invoke.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb = "ack", data = new { verb = "ack", incident = "INC-1" } }, trigger = "manual" });
        var response = await chat.SendAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("older copy", await response.Content.ReadAsStringAsync());

        var superseded = await _connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == orphan.ActivityId, TimeSpan.FromSeconds(20),
            "the orphan replaced in place");
        Assert.Contains("superseded by the newer INC-1 card", superseded.Text);

        // The newer card is the one that keeps up with the incident; a button on it is not mistaken for an older copy.
        await next.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing-two.json"));
        var update = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Visible.Contains("2 firing of 2"), TimeSpan.FromSeconds(20),
            "the newer card updated");
        Assert.Equal(newer.ActivityId, update.ActivityId);
        invoke.Id = "incoming-again";
        invoke.ReplyToId = newer.ActivityId;
        Assert.DoesNotContain("older copy", await (await chat.SendAsync(invoke)).Content.ReadAsStringAsync());
        Assert.Equal(2, _connector.Posts.Count(c => c.Card is not null));
        Assert.Single(_connector.Updates, c => c.ActivityId == orphan.ActivityId);
    }
}
