using System.Net;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>A manager's 1:1 chat with the bot over real HTTP: subscriptions, the scheduled digest, service pings.</summary>
public sealed class PersonalDigestTests : IAsyncLifetime
{
    private const string Mia = "a:1personal-chat-mia";
    private const string Sam = "a:1personal-chat-sam";
    private const string Channel = "19:support-general@thread.tacv2";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;
    private BotClient _chat = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        // The clock jumps below: a send in flight must not be cut off by a jump and then posted again.
        _bot = new BotApp(OutboxDrain.LongSendWindow(new() { ["Digests:CheckEvery"] = "00:00:30" }),
            services => services.Replace<TimeProvider>(_clock));
        _http = _bot.CreateClient();
        _chat = new BotClient(_http, _connector.Url);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    /// <summary>As Teams sends a message in a personal chat: conversationType "personal" and the client's time zone.</summary>
    private Task<HttpResponseMessage> SayPersonallyAsync(string conversation, string text, string userId = "29:mia", string? timeZone = "Europe/Berlin")
    {
        var activity = _chat.Base(ActivityTypes.Message, conversation, "personal");
        activity.Text = text;
        activity.From = new ChannelAccount(userId, userId == "29:mia" ? "Mia Manager" : "Sam Lead");
        activity.LocalTimezone = timeZone;
        return _chat.SendAsync(activity);
    }

    private Task<ConnectorCall> ReplyAsync(string conversation, string contains) =>
        _connector.WaitForAsync(c => c.ConversationId == conversation && c.ReplyToId is not null && c.Text.Contains(contains),
            what: $"a reply in {conversation} saying \"{contains}\"");

    [Fact]
    public async Task Daily_digest_arrives_in_the_personal_chat_at_nine_in_the_managers_time_zone()
    {
        var firing = await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);

        await SayPersonallyAsync(Mia, "subscribe digest daily 09:00");
        var confirmation = await ReplyAsync(Mia, "Subscribed #1");
        Assert.Contains("daily digest at 09:00 (Europe/Berlin)", confirmation.Text);
        Assert.Contains("Sat 2026-11-21 09:00", confirmation.Text);

        await OutboxDrain.WaitUntilSentAsync(null, _bot);
        _clock.Advance(TimeSpan.FromMinutes(25));
        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));

        // Nothing before nine: 08:59 Berlin is 07:59 UTC.
        await OutboxDrain.WaitUntilSentAsync(null, _bot);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 7, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await _bot.Service<DigestRunner>().RunDueAsync(default));
        Assert.Equal(0, (await MetricsScrape.FromAsync(_http)).Sum(DigestsSent));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 8, 0, 10, TimeSpan.Zero));
        var digest = await _connector.WaitForAsync(c => c.ConversationId == Mia && c.Visible.Contains("Daily incident digest"), what: "the digest");

        Assert.Null(digest.ReplyToId);
        Assert.Equal("1.5", digest.Card!.Value<string>("version"));
        Assert.Contains("Fri 2026-11-20 09:00 → Sat 2026-11-21 09:00 (Europe/Berlin)", digest.Visible);
        Assert.Contains("**checkout-api** · 1 critical", digest.Visible);
        Assert.Contains("Downtime 27 min · availability 98.14%", digest.Visible); // 26m 42.7s of 24h
        Assert.Contains("median 26m 42s · worst 26m 42s (1 incident)", digest.Visible);
        Assert.Contains("— (none acknowledged)", digest.Visible);
        Assert.Contains("INC-1", digest.Visible);
        Assert.Contains("Checkout API 5xx rate above 5%", digest.Visible);

        Assert.Equal(1, await DigestsSentOnMetricsAsync(atLeast: 1));

        // Later passes, on this instance or after a restart, do not send it again.
        await OutboxDrain.WaitUntilSentAsync(null, _bot);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await _bot.Service<DigestRunner>().RunDueAsync(default));
        Assert.Single(_connector.Posts, c => c.ConversationId == Mia);
        Assert.Equal(1, (await MetricsScrape.FromAsync(_http)).Sum(DigestsSent));
    }

    [Fact]
    public async Task A_quiet_day_gets_a_no_incidents_digest()
    {
        await SayPersonallyAsync(Mia, "subscribe digest daily 11:00 UTC", timeZone: null);
        var confirmation = await ReplyAsync(Mia, "Subscribed #1");
        Assert.Contains("daily digest at 11:00 (UTC)", confirmation.Text);

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 11, 0, 10, TimeSpan.Zero));
        var digest = await _connector.WaitForAsync(c => c.ConversationId == Mia && c.Card is not null, what: "the digest");
        Assert.Contains("No incidents in this period", digest.Visible);
        Assert.Contains("Thu 2026-11-19 11:00 → Fri 2026-11-20 11:00 (UTC)", digest.Visible);
    }

    [Fact]
    public async Task A_digest_the_channel_refused_is_sent_again_on_the_next_pass()
    {
        await SayPersonallyAsync(Mia, "subscribe digest daily 11:00 UTC", timeZone: null);
        await ReplyAsync(Mia, "Subscribed #1");
        var refused = 0;
        var refuse = true;
        _connector.Fault = call => Volatile.Read(ref refuse) && call.Card is not null && Interlocked.Increment(ref refused) > 0 ? (403, null) : null;

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 11, 0, 10, TimeSpan.Zero));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref refused) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(Volatile.Read(ref refused) > 0, "the first delivery was refused");

        Assert.Equal(0, (await MetricsScrape.FromAsync(_http)).Sum(DigestsSent)); // a refused digest is not counted as sent

        Volatile.Write(ref refuse, false);
        // The refusal gives the digest back once the outbox has dead-lettered it: each pass after that sends it again.
        await OutboxDrain.WaitUntilSentAsync(null, _bot);
        for (var pass = 0; pass < 20 && !_connector.Posts.Any(c => c.ConversationId == Mia && c.Card is not null); pass++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            var settle = DateTime.UtcNow.AddSeconds(1);
            while (DateTime.UtcNow < settle && !_connector.Posts.Any(c => c.ConversationId == Mia && c.Card is not null)) await Task.Delay(20);
        }
        var digest = await _connector.WaitForAsync(c => c.ConversationId == Mia && c.Card is not null, what: "the digest, second try");
        Assert.Contains("No incidents in this period", digest.Visible);
        Assert.Single(_connector.Posts, c => c.ConversationId == Mia && c.Card is not null);
        Assert.Equal(1, await DigestsSentOnMetricsAsync(atLeast: 1));
    }

    private const string DigestsSent = "supportbot_digests_sent_total";

    /// <summary>The digest counter on /metrics, once it reached <paramref name="atLeast"/> (it moves just after the post returns).</summary>
    private async Task<double> DigestsSentOnMetricsAsync(double atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var sent = (await MetricsScrape.FromAsync(_http)).Sum(DigestsSent);
            if (sent >= atLeast || DateTime.UtcNow > deadline) return sent;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Service_watchers_are_pinged_personally_on_open_and_resolve_and_the_channel_still_gets_its_briefing()
    {
        await _chat.AddBotAsync(Channel);
        await SayPersonallyAsync(Mia, "subscribe service checkout-api severity critical");
        Assert.Contains("service **checkout-api**, critical only", (await ReplyAsync(Mia, "Subscribed #1")).Text);
        await SayPersonallyAsync(Sam, "subscribe service payments", userId: "29:sam");
        await ReplyAsync(Sam, "Subscribed #2");

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        var opened = await _connector.WaitForAsync(c => c is { ConversationId: Mia, ReplyToId: null }, what: "Mia's ping");
        Assert.Contains("INC-1 opened on **checkout-api** (critical)", opened.Text);
        Assert.Contains("Checkout API 5xx rate above 5%", opened.Visible);
        await _connector.WaitForAsync(c => c is { ConversationId: Channel, ReplyToId: null }, what: "the channel briefing");

        await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-resolved.json"));
        var resolved = await _connector.WaitForAsync(c => c is { ConversationId: Mia, ReplyToId: null } && c.Text.Contains("resolved"), what: "Mia's resolve ping");
        Assert.Contains("INC-1 on **checkout-api** is resolved", resolved.Text);
        Assert.Contains("Resolved after 26m 42s", resolved.Visible);
        await _connector.WaitForAsync(c => c is { ConversationId: Channel, Method: "PUT" }, what: "the channel card update");

        Assert.Equal(2, _connector.Posts.Count(c => c.ConversationId == Mia));
        Assert.DoesNotContain(_connector.Posts, c => c.ConversationId == Sam);
    }

    [Fact]
    public async Task Subscriptions_are_listed_and_cancelled_per_person()
    {
        await SayPersonallyAsync(Mia, "subscribe digest weekly mon 08:30 America/New_York");
        Assert.Contains("weekly digest on Monday at 08:30 (America/New_York)", (await ReplyAsync(Mia, "Subscribed #1")).Text);
        await SayPersonallyAsync(Mia, "subscribe service checkout-api");
        await ReplyAsync(Mia, "Subscribed #2");
        await SayPersonallyAsync(Mia, "subscribe service Checkout-API");
        await ReplyAsync(Mia, "You already have that: #2");
        await SayPersonallyAsync(Sam, "subscribe service payments severity major", userId: "29:sam");
        await ReplyAsync(Sam, "Subscribed #3");

        await SayPersonallyAsync(Mia, "subscriptions");
        var list = await _connector.WaitForAsync(c => c.ConversationId == Mia && c.Visible.Contains("Your subscriptions"), what: "Mia's subscriptions");
        Assert.Contains("**#1** weekly digest on Monday at 08:30 (America/New_York)", list.Visible);
        Assert.Contains("**#2** service **checkout-api**, any severity", list.Visible);
        Assert.DoesNotContain("payments", list.Visible);

        await SayPersonallyAsync(Mia, "unsubscribe 3");
        Assert.Contains("You have no subscription #3", (await ReplyAsync(Mia, "#3")).Text);

        // The card's button for #1 sends what Teams' messageBack sends: its text, as if typed.
        var button = list.Card!.Descendants().OfType<JObject>()
            .Single(a => a.Value<string>("type") == "Action.Submit" && a.Value<string>("title") == "Unsubscribe"
                         && a.SelectToken("data.msteams.text")?.ToString() == "unsubscribe 1");
        var click = _chat.Base(ActivityTypes.Message, Mia, "personal");
        click.From = new ChannelAccount("29:mia", "Mia Manager");
        click.Text = button.SelectToken("data.msteams.text")!.ToString();
        click.Value = button["data"];
        await _chat.SendAsync(click);
        await ReplyAsync(Mia, "Unsubscribed #1.");
        await SayPersonallyAsync(Mia, "unsubscribe all");
        await ReplyAsync(Mia, "Removed all 1 of your subscription");

        var left = await _bot.Service<ISubscriptionStore>().ListAsync(default);
        Assert.Equal([3], left.Select(s => s.Id));
    }

    [Fact]
    public async Task Bad_forms_and_channels_get_a_reply_with_the_right_way()
    {
        await SayPersonallyAsync(Mia, "subscribe digest hourly");
        Assert.Contains("subscribe digest weekly mon 09:00 Europe/Berlin", (await ReplyAsync(Mia, "To get a digest")).Text);

        await SayPersonallyAsync(Mia, "subscribe digest daily 09:00 Moon/Base");
        await ReplyAsync(Mia, "I don't know the time zone \"Moon/Base\"");

        await _chat.SayAsync(Channel, "<at>SupportBot</at> subscribe service checkout-api");
        await ReplyAsync(Channel, "send me that in a 1:1 chat");

        // "subscribe here" in a channel still belongs to the channel briefings.
        await _chat.SayAsync(Channel, "subscribe here");
        await ReplyAsync(Channel, "outage briefings");

        await SayPersonallyAsync(Sam, "subscriptions", userId: "29:sam");
        var none = await _connector.WaitForAsync(c => c.ConversationId == Sam && c.Visible.Contains("Your subscriptions"), what: "Sam's subscriptions");
        Assert.Contains("You have none yet", none.Visible);
        Assert.Contains("subscribe digest daily 09:00", none.Visible); // the button's command and the typed form

        await SayPersonallyAsync(Mia, "help");
        Assert.Contains("subscribe digest daily 09:00", (await ReplyAsync(Mia, "Here is what I understand")).Text);
        Assert.Empty(await _bot.Service<ISubscriptionStore>().ListAsync(default));
        Assert.Empty(await _bot.Service<IIncidentStore>().ListAsync(default));
    }
}
