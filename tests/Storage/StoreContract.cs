using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Tests.Storage;

/// <summary>
/// What every store must do, in-process or Redis alike: run once per implementation (see the subclasses).
/// Each test gets fresh, empty stores.
/// </summary>
public abstract class StoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 41, 12, TimeSpan.Zero);

    protected abstract (IIncidentStore Incidents, IBriefingChannelStore Channels, IPostedCardStore Cards, IOutboxStore Outbox) CreateStores(
        int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null);

    [Fact]
    public async Task Created_incident_reads_back_whole_by_number_by_open_group_and_in_the_list()
    {
        var (store, _, _, _) = CreateStores();
        var incident = Incident(1, "group-a");

        Assert.True(await CreateAsync(store, incident));

        var byNumber = await store.GetAsync(incident.Number, default);
        Assert.NotNull(byNumber);
        Assert.Equal(incident.Title, byNumber.Title);
        Assert.Equal(Severity.Critical, byNumber.Severity);
        Assert.Equal(T0, byNumber.StartedAt);
        Assert.Equal(incident.Alerts, byNumber.Alerts);
        Assert.Equal(incident.Links, byNumber.Links);
        Assert.Equal(incident.Timeline, byNumber.Timeline);
        Assert.Equal(incident.Number, (await store.FindOpenAsync("group-a", default))?.Number);
        Assert.Equal([incident.Number], (await store.ListAsync(default)).Select(i => i.Number));
        Assert.Null(await store.GetAsync(incident.Number + 1, default));
        Assert.Null(await store.FindOpenAsync("group-b", default));
    }

    [Fact]
    public async Task Concurrent_creates_for_one_group_store_exactly_one_incident()
    {
        var (store, _, _, _) = CreateStores();

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.TryOpenAsync(Incident(0, "group-a"), default))));

        Assert.Single(created, c => c is not null);
        Assert.Single(await store.ListAsync(default));
    }

    [Fact]
    public async Task Update_is_compare_and_swap_on_the_version()
    {
        var (store, _, _, _) = CreateStores();
        var v1 = Incident(1, "group-a");
        await CreateAsync(store, v1);

        var racers = Enumerable.Range(0, 8).Select(i => v1 with { Title = $"writer {i}", Version = 2 }).ToList();
        var won = await Task.WhenAll(racers.Select(r => store.TryUpdateAsync(r, default)));

        Assert.Single(won, w => w);
        Assert.False(await store.TryUpdateAsync(v1 with { Title = "stale", Version = 2 }, default));
        Assert.False(await store.TryUpdateAsync(v1 with { Title = "skips a version", Version = 4 }, default));
        var stored = await store.GetAsync(1, default);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(racers[Array.IndexOf(won, true)].Title, stored.Title);
    }

    [Fact]
    public async Task Resolving_frees_the_group_for_a_new_incident()
    {
        var (store, _, _, _) = CreateStores();
        var first = Incident(1, "group-a");
        await CreateAsync(store, first);
        Assert.False(await CreateAsync(store, Incident(2, "group-a")));

        Assert.True(await store.TryUpdateAsync(first with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), Version = 2 }, default));
        Assert.Null(await store.FindOpenAsync("group-a", default));
        Assert.True(await CreateAsync(store, Incident(2, "group-a")));

        Assert.Equal(2, (await store.FindOpenAsync("group-a", default))?.Number);
        Assert.Equal([2, 1], (await store.ListAsync(default)).Select(i => i.Number));
    }

    [Fact]
    public async Task Racing_opens_for_one_group_make_one_incident_and_leave_no_gap_in_the_numbers()
    {
        var (store, _, _, _) = CreateStores();

        var opened = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.TryOpenAsync(Incident(0, "group-a"), default))));
        var second = await store.TryOpenAsync(Incident(0, "group-b"), default);

        var winner = Assert.Single(opened, o => o is not null)!;
        Assert.Equal(1, winner.Number);
        Assert.Equal(2, second?.Number);
        Assert.Equal("INC-1", (await store.GetAsync(1, default))?.Id);
        Assert.Equal(1, (await store.FindOpenAsync("group-a", default))?.Number);
        Assert.Equal([1, 2], (await store.ListOpenAsync(0, default)).MostSevere.Select(i => i.Number).Order());
    }

    [Fact]
    public async Task Open_list_holds_only_open_incidents_most_severe_first_and_latest_follows_the_group()
    {
        var (store, _, _, _) = CreateStores();
        await CreateAsync(store, Incident(1, "group-a") with { Severity = Severity.Minor });
        await CreateAsync(store, Incident(2, "group-b"));
        var third = Incident(3, "group-c");
        await CreateAsync(store, third);
        await store.TryUpdateAsync(third with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), Version = 2 }, default);

        Assert.Equal([2, 1], (await store.ListOpenAsync(0, default)).MostSevere.Select(i => i.Number));
        Assert.Equal(3, (await store.FindLatestAsync("group-c", default))?.Number);
        Assert.Equal(IncidentStatus.Resolved, (await store.FindLatestAsync("group-c", default))?.Status);

        await CreateAsync(store, Incident(4, "group-c"));
        Assert.Equal(4, (await store.FindLatestAsync("group-c", default))?.Number);
        Assert.Equal([4, 2, 1], (await store.ListOpenAsync(0, default)).MostSevere.Select(i => i.Number));
        Assert.Null(await store.FindLatestAsync("group-z", default));
    }

    [Fact]
    public async Task Open_incidents_are_counted_by_severity_and_read_in_small_batches_that_hold_every_open_one()
    {
        var (store, _, _, _) = CreateStores();
        // More than Redis keeps in a sorted set's compact encoding (128), so its scan really pages.
        Severity[] severities = [Severity.Critical, Severity.Major, Severity.Minor];
        for (var n = 1; n <= 300; n++) await CreateAsync(store, Incident(n, $"group-{n}") with { Severity = severities[n % 3] });
        var resolved = (await store.GetAsync(3, default))!;
        Assert.True(await store.TryUpdateAsync(resolved with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), Version = 2 }, default));
        var lowered = (await store.GetAsync(4, default))!;
        Assert.True(await store.TryUpdateAsync(lowered with { Severity = Severity.Info, Version = 2 }, default));

        var counts = await store.CountOpenBySeverityAsync(default);
        Assert.Equal([99, 99, 100, 1], [counts[Severity.Critical], counts[Severity.Major], counts[Severity.Minor], counts[Severity.Info]]);

        var batches = await store.ReadOpenInBatchesAsync(50, default).ToListAsync();
        Assert.True(batches.Count >= 3, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.InRange(b.Count, 0, 100));
        var read = batches.SelectMany(b => b).ToList();
        Assert.All(read, i => Assert.True(i.IsOpen));
        Assert.Equal(Enumerable.Range(1, 300).Where(n => n != 3), read.Select(i => i.Number).Distinct().Order());
        Assert.Equal(Severity.Info, read.First(i => i.Number == 4).Severity);
    }

    [Fact]
    public async Task An_update_may_reopen_a_resolved_incident_unless_its_group_has_another_open_one()
    {
        var (store, _, _, _) = CreateStores();
        var olga = new Person("29:olga", "Olga Oncall");
        var first = Incident(1, "group-a");
        await CreateAsync(store, first);
        var resolved = first with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), ResolvedBy = olga, AcknowledgedBy = olga, Version = 2 };
        Assert.True(await store.TryUpdateAsync(resolved, default));
        Assert.Equal(olga, (await store.GetAsync(1, default))?.ResolvedBy);

        var reopened = resolved with { Status = IncidentStatus.Investigating, ResolvedAt = null, ResolvedBy = null, Version = 3 };
        Assert.True(await store.TryUpdateAsync(reopened, default));
        Assert.Equal(1, (await store.FindOpenAsync("group-a", default))?.Number);
        Assert.Equal(olga, (await store.FindOpenAsync("group-a", default))?.AcknowledgedBy);

        // Resolved again, and meanwhile a new incident opened for the group: reopening the old one must fail.
        Assert.True(await store.TryUpdateAsync(reopened with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(9), Version = 4 }, default));
        Assert.True(await CreateAsync(store, Incident(2, "group-a")));
        Assert.False(await store.TryUpdateAsync(reopened with { Version = 5 }, default));
        Assert.Equal(2, (await store.FindOpenAsync("group-a", default))?.Number);
    }

    [Fact]
    public async Task The_change_log_lists_each_incident_once_at_its_last_write_after_a_mark()
    {
        var (store, _, _, _) = CreateStores();
        await CreateAsync(store, Incident(1, "group-a"));
        await CreateAsync(store, Incident(2, "group-b"));
        var all = await store.ListChangedSinceAsync(-1, 10, default);
        Assert.Equal([1, 2], all.Changed.Select(c => c.Number));
        Assert.Equal(all.Changed[^1].Sequence, all.Newest);
        var mark = all.Newest;

        Assert.Empty((await store.ListChangedSinceAsync(mark, 10, default)).Changed);
        var first = (await store.GetAsync(1, default))!;
        Assert.True(await store.TryUpdateAsync(first with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), Version = 2 }, default));

        var since = await store.ListChangedSinceAsync(mark, 10, default);
        Assert.Equal([1], since.Changed.Select(c => c.Number));
        Assert.True(since.Newest > mark);
        Assert.Equal([2, 1], (await store.ListChangedSinceAsync(-1, 10, default)).Changed.Select(c => c.Number));
        Assert.Equal([2], (await store.ListChangedSinceAsync(-1, 1, default)).Changed.Select(c => c.Number));
    }

    [Fact]
    public async Task Queries_answer_open_and_recently_resolved_by_service_the_services_and_the_newest()
    {
        var (store, _, _, _) = CreateStores();
        await CreateAsync(store, Incident(1, "group-a"));
        await CreateAsync(store, Incident(2, "group-b") with { Service = "payments" });
        await CreateAsync(store, Incident(3, "group-c") with { Service = "Checkout-API" });
        await CreateAsync(store, Incident(4, "group-d") with { Service = "search" });
        var payments = (await store.GetAsync(2, default))!;
        Assert.True(await store.TryUpdateAsync(payments with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddMinutes(5), Version = 2 }, default));
        var search = (await store.GetAsync(4, default))!;
        Assert.True(await store.TryUpdateAsync(search with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddDays(-40), Version = 2 }, default));

        Assert.Equal([1, 2, 3], (await store.ListActiveSinceAsync(T0.AddMinutes(1), default)).Select(i => i.Number).Order());
        Assert.Equal([1, 3], (await store.ListActiveSinceAsync(T0.AddMinutes(10), default)).Select(i => i.Number).Order());
        Assert.Equal([1, 2, 3, 4], (await store.ListActiveSinceAsync(T0.AddDays(-41), default)).Select(i => i.Number).Order());

        Assert.Equal([3, 1], (await store.ListOpenForServiceAsync("CHECKOUT-api", default)).Select(i => i.Number));
        Assert.Empty(await store.ListResolvedForServiceAsync("checkout-api", DateTimeOffset.MinValue, 10, default));
        Assert.Equal([2], (await store.ListResolvedForServiceAsync("Payments", T0.AddMinutes(5), 10, default)).Select(i => i.Number));
        Assert.Empty(await store.ListResolvedForServiceAsync("payments", T0.AddMinutes(6), 10, default));
        Assert.Empty(await store.ListOpenForServiceAsync("payments", default));
        Assert.Empty(await store.ListOpenForServiceAsync("nothing-here", default));
        Assert.Empty(await store.ListResolvedForServiceAsync("nothing-here", DateTimeOffset.MinValue, 10, default));
        Assert.Equal(["checkout-api", "payments", "search"], (await store.ListServicesAsync(default)).Order(StringComparer.Ordinal));

        Assert.Equal([4, 3], (await store.ListRecentAsync(2, null, default)).Select(i => i.Number));
        Assert.Equal([2, 1], (await store.ListRecentAsync(5, 3, default)).Select(i => i.Number));
        Assert.Equal(4, await store.CountAsync(default));

        // Reopened: open again, and listed once.
        Assert.True(await store.TryUpdateAsync((await store.GetAsync(2, default))! with { Status = IncidentStatus.Investigating, ResolvedAt = null, Version = 3 }, default));
        Assert.Equal([1, 2, 3], (await store.ListActiveSinceAsync(T0.AddMinutes(1), default)).Select(i => i.Number).Order());
        Assert.Equal([1, 2, 3], (await store.ListActiveSinceAsync(T0.AddDays(1), default)).Select(i => i.Number).Order());
    }

    [Fact]
    public async Task Subscriptions_and_posted_cards_are_kept_per_conversation()
    {
        var (_, channels, cards, _) = CreateStores();
        var general = Reference("19:general@thread.tacv2");

        Assert.True(await channels.AddAsync(general, default));
        Assert.False(await channels.AddAsync(general, default));
        Assert.True(await channels.AddAsync(Reference("19:ops@thread.tacv2"), default));
        Assert.True(await channels.RemoveAsync("19:ops@thread.tacv2", default));
        Assert.False(await channels.RemoveAsync("19:ops@thread.tacv2", default));

        var subscriber = Assert.Single(await channels.ListAsync(default)).Reference;
        Assert.Equal("19:general@thread.tacv2", subscriber.Conversation.Id);
        Assert.Equal("https://smba.example/amer/", subscriber.ServiceUrl);
        Assert.Equal("msteams", subscriber.ChannelId);
        Assert.Equal("tenant-1", subscriber.Conversation.TenantId);

        Assert.Null(await cards.GetAsync("INC-1", general.Conversation.Id, default));
        await cards.SetAsync("INC-1", general.Conversation.Id, new PostedCard("activity-7", 1), default);
        await cards.SetAsync("INC-1", general.Conversation.Id, new PostedCard("activity-7", 2), default);
        Assert.Equal(new PostedCard("activity-7", 2), await cards.GetAsync("INC-1", general.Conversation.Id, default));
        Assert.Null(await cards.GetAsync("INC-2", general.Conversation.Id, default));
    }

    [Fact]
    public async Task A_posted_card_is_replaced_only_over_the_card_as_read()
    {
        var (_, _, cards, _) = CreateStores();
        const string conversation = "19:general@thread.tacv2";
        var posting = PostedCard.Posting(null);

        Assert.True(await cards.TryReplaceAsync("INC-1", conversation, null, posting, default));
        // Another instance read "nothing posted" too, but the first one got there: it must not post as well.
        Assert.False(await cards.TryReplaceAsync("INC-1", conversation, null, posting, default));
        Assert.True(await cards.TryReplaceAsync("INC-1", conversation, posting, new PostedCard("activity-7", 1), default));
        Assert.False(await cards.TryReplaceAsync("INC-1", conversation, posting, PostedCard.Posting(posting), default));
        Assert.False(await cards.TryReplaceAsync("INC-1", conversation, new PostedCard("activity-7", 2), new PostedCard("activity-8", 3), default));
        Assert.Equal(new PostedCard("activity-7", 1), await cards.GetAsync("INC-1", conversation, default));

        var withCopies = new PostedCard("activity-9", 4) { UnconfirmedCopies = 1 };
        await cards.SetAsync("INC-2", conversation, withCopies, default);
        Assert.False(await cards.TryReplaceAsync("INC-2", conversation, new PostedCard("activity-9", 4), posting, default));
        Assert.True(await cards.TryReplaceAsync("INC-2", conversation, withCopies, PostedCard.Posting(withCopies), default));
        Assert.Equal(PostedCard.Posting(withCopies), await cards.GetAsync("INC-2", conversation, default));
    }

    [Fact]
    public async Task A_briefing_channel_keeps_what_it_follows_until_it_says_otherwise()
    {
        var (_, channels, _, _) = CreateStores();
        var checkout = Reference("19:checkout@thread.tacv2");
        var filter = new ChannelFilter { Services = ["checkout-api", "orders-api"], MinSeverity = Severity.Major };

        Assert.True(await channels.AddAsync(checkout, filter, default));
        Assert.True(await channels.AddAsync(Reference("19:general@thread.tacv2"), default));

        var stored = await channels.GetAsync("19:checkout@thread.tacv2", default);
        Assert.NotNull(stored);
        Assert.True(stored.Filter.SameAs(filter));
        Assert.Equal("checkout-api, orders-api, major or worse", stored.Filter.Describe());
        Assert.Equal("https://smba.example/amer/", stored.Reference.ServiceUrl);
        Assert.True((await channels.GetAsync("19:general@thread.tacv2", default))!.Filter.IsAll);
        Assert.Equal(2, (await channels.ListAsync(default)).Count);
        Assert.True((await channels.ListAsync(default)).Single(c => c.Reference.Conversation.Id == "19:checkout@thread.tacv2").Filter.SameAs(filter));

        Assert.False(await channels.AddAsync(checkout, ChannelFilter.All, default));
        Assert.True((await channels.GetAsync("19:checkout@thread.tacv2", default))!.Filter.IsAll);
        Assert.True(await channels.RemoveAsync("19:checkout@thread.tacv2", default));
        Assert.Null(await channels.GetAsync("19:checkout@thread.tacv2", default));
    }

    /// <summary>
    /// Another instance's store of briefing channels on the same data (the in-process store has one: itself). It keeps a
    /// list it read for an hour unless told of a change, so only being told makes it read again.
    /// </summary>
    protected abstract IBriefingChannelStore OtherChannelsInstance(IBriefingChannelStore store);

    [Fact]
    public async Task A_channel_subscribed_refiltered_or_unsubscribed_on_one_instance_is_listed_so_by_another_that_listed_before()
    {
        var (_, mine, _, _) = CreateStores();
        var theirs = OtherChannelsInstance(mine);
        Assert.True(await mine.AddAsync(Reference("19:general@thread.tacv2"), default));
        await ListedAsync(theirs, ["19:general@thread.tacv2"], "the first channel");
        Assert.Single(await theirs.ListAsync(default));   // listed again: the list it keeps

        var checkout = Reference("19:checkout@thread.tacv2");
        var filter = new ChannelFilter { Services = ["checkout-api"], MinSeverity = Severity.Critical };
        Assert.True(await mine.AddAsync(checkout, filter, default));
        await ListedAsync(theirs, ["19:checkout@thread.tacv2", "19:general@thread.tacv2"], "the channel subscribed on the other instance",
            list => list.Single(c => c.Reference.Conversation.Id == "19:checkout@thread.tacv2").Filter.SameAs(filter));

        Assert.False(await mine.AddAsync(checkout, ChannelFilter.All, default));
        await ListedAsync(theirs, ["19:checkout@thread.tacv2", "19:general@thread.tacv2"], "the channel's new filter",
            list => list.Single(c => c.Reference.Conversation.Id == "19:checkout@thread.tacv2").Filter.IsAll);

        Assert.True(await mine.RemoveAsync("19:checkout@thread.tacv2", default));
        await ListedAsync(theirs, ["19:general@thread.tacv2"], "the channel unsubscribed on the other instance");
        Assert.False(await mine.RemoveAsync("19:checkout@thread.tacv2", default));
        Assert.Equal(["19:general@thread.tacv2"], (await mine.ListAsync(default)).Select(c => c.Reference.Conversation.Id));
    }

    /// <summary>Waits (generously: the news travels between instances) until <paramref name="store"/> lists exactly these channels.</summary>
    protected static Task ListedAsync(IBriefingChannelStore store, string[] ids, string what, Func<IReadOnlyList<ChannelSubscription>, bool>? and = null) =>
        Infrastructure.Poll.UntilAsync(async () =>
        {
            var list = await store.ListAsync(default);
            return list.Select(c => c.Reference.Conversation.Id).Order(StringComparer.Ordinal).SequenceEqual(ids) && (and is null || and(list));
        }, what, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Outbox_queues_an_idempotency_key_once_and_hands_out_each_conversation_in_order()
    {
        var (_, _, _, outbox) = CreateStores();
        Assert.True(await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default));
        Assert.False(await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default));
        Assert.True(await outbox.EnqueueAsync(Message("a-2", "19:a"), T0, default));
        Assert.True(await outbox.EnqueueAsync(Message("b-1", "19:b"), T0, default));
        Assert.Equal(3, await outbox.CountPendingAsync(default));

        var first = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        var second = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        // Each conversation is held by its claimer: nothing else is due until one of them is finished.
        Assert.Null(await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default));
        Assert.Equal(["a-1", "b-1"], new[] { first!.Message.Id, second!.Message.Id }.Order());
        var a = first.Message.Id == "a-1" ? first : second;
        Assert.Equal("Briefing for 19:a", a.Message.Activity.Text);
        Assert.Equal("19:a", a.Message.Conversation.Conversation.Id);
        Assert.Empty(a.RecentSends);

        await outbox.CompleteAsync(a.Message, T0, T0, default);
        var next = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        Assert.Equal("a-2", next!.Message.Id);
        Assert.Equal([T0], next.RecentSends);
        Assert.Equal(2, await outbox.CountPendingAsync(default));
    }

    [Fact]
    public async Task Outbox_pacing_history_counts_replies_given_outside_the_outbox_never_earlier_than_they_were()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);
        var replyAt = T0.AddTicks(1234); // a fraction of a millisecond after T0

        await outbox.RecordSendAsync("19:a", replyAt, default);
        await outbox.RecordSendAsync("19:b", T0, default);

        var lease = await outbox.ClaimAsync(T0.AddSeconds(1), TimeSpan.FromSeconds(30), default);
        var recorded = Assert.Single(lease!.RecentSends);
        Assert.True(recorded >= replyAt && recorded - replyAt < TimeSpan.FromMilliseconds(1), $"recorded {recorded:O} for {replyAt:O}");
    }

    [Fact]
    public async Task Outbox_urgent_messages_go_before_the_others_each_lane_in_order()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("update-1", "19:a"), T0, default);
        await outbox.EnqueueAsync(Message("update-2", "19:a"), T0, default);
        await outbox.EnqueueAsync(Message("new-1", "19:a") with { Urgent = true }, T0, default);
        await outbox.EnqueueAsync(Message("new-2", "19:a") with { Urgent = true }, T0, default);

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var lease = await outbox.ClaimAsync(T0.AddSeconds(i), TimeSpan.FromSeconds(30), default);
            order.Add(lease!.Message.Id);
            if (i == 0)
            {
                // A retry keeps an urgent message at the head of its lane.
                await outbox.RescheduleAsync(lease.Message with { Attempts = 1 }, T0.AddSeconds(i), default);
                Assert.Equal("new-1", (await outbox.ClaimAsync(T0.AddSeconds(i), TimeSpan.FromSeconds(30), default))!.Message.Id);
            }
            await outbox.CompleteAsync(lease.Message, T0.AddSeconds(i), T0.AddSeconds(i), default);
        }

        Assert.Equal(["new-1", "new-2", "update-1", "update-2"], order);
        Assert.Equal(0, await outbox.CountPendingAsync(default));
        Assert.Null(await outbox.ClaimAsync(T0.AddMinutes(1), TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task Outbox_sending_a_card_takes_its_versions_queued_up_to_the_one_shown_off_both_lanes_and_keeps_the_rest()
    {
        var (_, _, _, outbox) = CreateStores();
        OutboxMessage Card(string key, int version, bool urgent, string conversation = "19:a") =>
            Message(OutboxMessage.CardId(key, conversation, version), conversation) with
            {
                Kind = OutboxKind.Card, MergeKey = key, Version = version, Urgent = urgent,
            };
        // A roll-up gets a version per incident joining it (urgent); its intermediate updates and other cards wait too.
        await outbox.EnqueueAsync(Card("MAJOR-1", 1, urgent: true), T0, default);
        await outbox.EnqueueAsync(Card("MAJOR-1", 2, urgent: true), T0, default);
        await outbox.EnqueueAsync(Card("MAJOR-1", 3, urgent: false), T0, default);
        await outbox.EnqueueAsync(Card("MAJOR-11", 2, urgent: true), T0, default);   // another card whose key starts alike
        await outbox.EnqueueAsync(Card("MAJOR-1", 4, urgent: true), T0, default);
        await outbox.EnqueueAsync(Card("MAJOR-1", 5, urgent: true), T0, default);
        await outbox.EnqueueAsync(Card("MAJOR-1", 2, urgent: true, conversation: "19:b"), T0, default);
        await outbox.EnqueueAsync(Message("reply:19:a:1", "19:a") with { Kind = OutboxKind.Reply, MergeKey = "MAJOR-1" }, T0, default);

        // The head went out showing version 4 (the roll-up as it was at send time): 2, 3 and 4 would send nothing.
        var lease = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        Assert.Equal(Card("MAJOR-1", 1, true).Id, lease!.Message.Id);
        await outbox.CompleteAsync(lease.Message, T0, T0, default, cardShows: 4);

        var left = new List<string>();
        for (var i = 1; await outbox.ClaimAsync(T0.AddSeconds(i), TimeSpan.FromSeconds(30), default) is { } next; i++)
        {
            left.Add(next.Message.Id);
            await outbox.CompleteAsync(next.Message, null, T0.AddSeconds(i), default);
            if (next.Message.ConversationId == "19:b") Assert.Equal(Card("MAJOR-1", 2, true, "19:b").Id, next.Message.Id);
        }
        Assert.Equal([Card("MAJOR-11", 2, true).Id, Card("MAJOR-1", 5, true).Id, "reply:19:a:1"], left.Where(id => id.Contains("19:a")).ToList());
        Assert.Single(left, id => id.Contains("19:b"));
        Assert.Equal(0, await outbox.CountPendingAsync(default));

        // A version dropped that way was queued once: offered again, it is not queued again.
        Assert.False(await outbox.EnqueueAsync(Card("MAJOR-1", 3, urgent: false), T0.AddMinutes(1), default));
    }

    [Fact]
    public async Task Outbox_claim_lapses_after_its_lease_so_another_instance_takes_over()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);

        Assert.NotNull(await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default));
        Assert.Null(await outbox.ClaimAsync(T0.AddSeconds(29), TimeSpan.FromSeconds(30), default));
        var takenOver = await outbox.ClaimAsync(T0.AddSeconds(31), TimeSpan.FromSeconds(30), default);

        Assert.Equal("a-1", takenOver?.Message.Id);
    }

    [Fact]
    public async Task Outbox_reschedule_keeps_the_message_at_the_head_until_it_is_due()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);
        await outbox.EnqueueAsync(Message("a-2", "19:a"), T0, default);
        var lease = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);

        await outbox.RescheduleAsync(lease!.Message with { Attempts = 1, LastError = "429" }, T0.AddSeconds(5), default);

        Assert.Null(await outbox.ClaimAsync(T0.AddSeconds(4), TimeSpan.FromSeconds(30), default));
        var again = await outbox.ClaimAsync(T0.AddSeconds(5), TimeSpan.FromSeconds(30), default);
        Assert.Equal("a-1", again!.Message.Id);
        Assert.Equal(1, again.Message.Attempts);
        Assert.Equal("429", again.Message.LastError);
    }

    [Fact]
    public async Task Outbox_dead_letters_are_kept_and_the_conversation_moves_on()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);
        await outbox.EnqueueAsync(Message("a-2", "19:a"), T0, default);
        var lease = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);

        await outbox.DeadLetterAsync(new DeadLetter(lease!.Message with { Attempts = 8 }, "Gave up", T0.AddMinutes(1)), T0.AddMinutes(1), default);

        var dead = Assert.Single(await outbox.ListDeadLettersAsync(default));
        Assert.Equal("a-1", dead.Message.Id);
        Assert.Equal(8, dead.Message.Attempts);
        Assert.Equal("Gave up", dead.Reason);
        Assert.Equal("a-2", (await outbox.ClaimAsync(T0.AddMinutes(1), TimeSpan.FromSeconds(30), default))?.Message.Id);
        // A dead letter does not block a later attempt: offering it again (the channel may be back) queues it.
        Assert.True(await outbox.EnqueueAsync(Message("a-1", "19:a"), T0.AddMinutes(2), default));
    }

    [Fact]
    public async Task Retention_removes_incidents_resolved_before_the_cutoff_and_keeps_open_and_recent_ones()
    {
        var (store, _, _, _) = CreateStores();
        foreach (var (group, resolvedDaysAgo) in new[] { ("old", 100), ("recent", 10), ("open", -1) })
        {
            var opened = (await store.TryOpenAsync(Incident(0, group), default))!;
            if (resolvedDaysAgo < 0) continue;
            Assert.True(await store.TryUpdateAsync(opened with
            {
                Status = IncidentStatus.Resolved, ResolvedAt = T0.AddDays(-resolvedDaysAgo), Version = 2,
            }, default));
        }

        Assert.Equal([1], await store.RemoveResolvedBeforeAsync(T0.AddDays(-90), default));

        Assert.Null(await store.GetAsync(1, default));
        Assert.Null(await store.FindLatestAsync("old", default));
        Assert.Equal([2, 3], (await store.ListChangedSinceAsync(-1, 10, default)).Changed.Select(c => c.Number).Order());
        Assert.Equal("open", (await store.FindOpenAsync("open", default))?.GroupKey);
        Assert.Empty(await store.RemoveResolvedBeforeAsync(T0.AddDays(-90), default));
    }

    [Fact]
    public async Task Retention_takes_removed_incidents_out_of_the_queries()
    {
        var (store, _, _, _) = CreateStores();
        foreach (var (group, service, resolvedDaysAgo) in new[] { ("a", "billing", 120), ("b", "checkout-api", 100), ("c", "checkout-api", 10), ("d", "search", -1) })
        {
            var opened = (await store.TryOpenAsync(Incident(0, group) with { Service = service }, default))!;
            if (resolvedDaysAgo < 0) continue;
            Assert.True(await store.TryUpdateAsync(opened with
            {
                Status = IncidentStatus.Resolved, ResolvedAt = T0.AddDays(-resolvedDaysAgo), Version = 2,
            }, default));
        }

        Assert.Equal([1, 2], (await store.RemoveResolvedBeforeAsync(T0.AddDays(-90), default)).Order());

        Assert.Equal([3, 4], (await store.ListActiveSinceAsync(T0.AddDays(-200), default)).Select(i => i.Number).Order());
        Assert.Equal([3], (await store.ListResolvedForServiceAsync("checkout-api", DateTimeOffset.MinValue, 10, default)).Select(i => i.Number));
        Assert.Equal([4], (await store.ListOpenForServiceAsync("search", default)).Select(i => i.Number));
        Assert.Empty(await store.ListResolvedForServiceAsync("billing", DateTimeOffset.MinValue, 10, default));
        Assert.Equal(["checkout-api", "search"], (await store.ListServicesAsync(default)).Order(StringComparer.Ordinal));
        Assert.Equal([3], (await store.ListRecentAsync(1, 4, default)).Select(i => i.Number));
        Assert.Empty(await store.ListRecentAsync(5, 3, default));
        Assert.Equal(2, await store.CountAsync(default));
    }

    [Fact]
    public async Task Outbox_keeps_a_finished_messages_key_so_offering_it_again_queues_nothing()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);
        var lease = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        await outbox.CompleteAsync(lease!.Message, T0, T0, default);

        Assert.False(await outbox.EnqueueAsync(Message("a-1", "19:a"), T0.AddMinutes(2), default));
    }

    [Fact]
    public async Task Outbox_keeps_dead_letters_bounded_in_number_and_age()
    {
        var (_, _, _, outbox) = CreateStores(deadLetterLimit: 3, deadLetterRetention: TimeSpan.FromDays(1));
        for (var i = 1; i <= 5; i++)
        {
            var at = T0.AddMinutes(i);
            await outbox.EnqueueAsync(Message($"m-{i}", "19:a"), at, default);
            var lease = await outbox.ClaimAsync(at, TimeSpan.FromSeconds(30), default);
            await outbox.DeadLetterAsync(new DeadLetter(lease!.Message, "Gave up", at), at, default);
        }
        Assert.Equal(["m-3", "m-4", "m-5"], (await outbox.ListDeadLettersAsync(default)).Select(d => d.Message.Id));

        var dayLater = T0.AddDays(1).AddMinutes(4.5);
        await outbox.EnqueueAsync(Message("m-6", "19:a"), dayLater, default);
        var last = await outbox.ClaimAsync(dayLater, TimeSpan.FromSeconds(30), default);
        await outbox.DeadLetterAsync(new DeadLetter(last!.Message, "Gave up", dayLater), dayLater, default);
        Assert.Equal(["m-5", "m-6"], (await outbox.ListDeadLettersAsync(default)).Select(d => d.Message.Id));
    }

    [Fact]
    public async Task Outbox_ignores_completion_of_a_message_that_is_no_longer_the_head()
    {
        var (_, _, _, outbox) = CreateStores();
        await outbox.EnqueueAsync(Message("a-1", "19:a"), T0, default);
        await outbox.EnqueueAsync(Message("a-2", "19:a"), T0, default);
        var lease = await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default);
        await outbox.CompleteAsync(lease!.Message, T0, T0, default);

        // A slow instance whose lease ran out finishes the same message late: a-2 must not be lost.
        await outbox.CompleteAsync(lease.Message, T0, T0, default);

        Assert.Equal("a-2", (await outbox.ClaimAsync(T0, TimeSpan.FromSeconds(30), default))?.Message.Id);
    }

    /// <summary>Another instance of the store on the same data (the in-process store has one: itself).</summary>
    protected abstract IIncidentStore OtherInstance(IIncidentStore store);

    [Fact]
    public async Task A_long_run_of_changes_of_every_kind_reads_back_from_another_instance_as_written()
    {
        var (store, _, _, _) = CreateStores();
        var random = new Random(1717);
        var oncall = new Person("29:oncall", "Dana On-Call");
        var current = (await store.TryOpenAsync(IncidentFolding.Open(0, "service:checkout", [Firing(0)], T0), default))!;
        var kinds = new HashSet<string>();
        for (var step = 1; step <= 240; step++)
        {
            var now = T0.AddSeconds(step);
            Incident? next;
            switch (random.Next(20))
            {
                case 0:   // a chat command: the same alerts
                    next = ManualChanges.AddNote(current, oncall, $"note {step}", now);
                    kinds.Add("manual");
                    break;
                case 1:   // a version made without the fold: one alert's summary rewritten, one taken out
                    var list = current.Alerts.ToList();
                    var at = random.Next(1, list.Count);
                    list[at] = list[at] with { Summary = $"rewritten at {step}" };
                    if (list.Count > 2) list.RemoveAt(random.Next(1, list.Count));
                    next = current with { Alerts = list, Version = current.Version + 1 };
                    kinds.Add("other");
                    break;
                default:  // a webhook: new alerts, known ones resolving or firing again or changing severity
                    var batch = Enumerable.Range(0, random.Next(1, 30)).Select(_ =>
                    {
                        var i = random.Next(1, step * 4);
                        return random.Next(3) == 0 ? Resolved(i) : Firing(i, random.Next(4) == 0 ? Severity.Critical : Severity.Major);
                    }).DistinctBy(a => a.Fingerprint).ToList();
                    next = IncidentFolding.Fold(current, batch, now);
                    if (next is { FoldedResolvedAlerts: > 0 } && next.FoldedResolvedAlerts > current.FoldedResolvedAlerts) kinds.Add("capped");
                    kinds.Add("fold");
                    break;
            }
            if (next is null) continue;
            Assert.True(await store.TryUpdateAsync(next, default), $"step {step}");
            current = (await store.FindOpenAsync("service:checkout", default))!;
            Assert.Equal(next.Version, current.Version);

            if (step % 40 == 0 || step == 240)
            {
                var read = (await OtherInstance(store).GetAsync(current.Number, default))!;
                Assert.Equal(next.Version, read.Version);
                Assert.Equal(next.Alerts, read.Alerts);
                Assert.Equal(next.FoldedResolvedAlerts, read.FoldedResolvedAlerts);
                Assert.Equal(next.Timeline, read.Timeline);
            }
        }
        Assert.Equal(["capped", "fold", "manual", "other"], kinds.Order());
        Assert.True(current.Alerts.Count > 200, $"only {current.Alerts.Count} alerts");   // an index past its small size

        static Alert Firing(int i, Severity severity = Severity.Major) => new()
        {
            Source = "test", Fingerprint = $"fp-{i}", Status = AlertStatus.Firing, Severity = severity, Service = "checkout",
            Summary = $"Pod checkout-{i} crash looping", StartsAt = T0.AddSeconds(i), GroupKey = "service:checkout",
        };
        static Alert Resolved(int i) => Firing(i) with { Status = AlertStatus.Resolved, EndsAt = T0.AddMinutes(10).AddSeconds(i) };
    }

    /// <summary>Opens <paramref name="incident"/> under the next number: these tests number their incidents in the order they open them.</summary>
    private static async Task<bool> CreateAsync(IIncidentStore store, Incident incident)
    {
        var opened = await store.TryOpenAsync(incident with { Number = 0 }, default);
        if (opened is null) return false;
        Assert.Equal(incident.Number, opened.Number);
        return true;
    }

    internal static Incident Incident(int number, string group) => new()
    {
        Number = number,
        GroupKey = group,
        Title = "Checkout API 5xx rate above 5%",
        Description = "12.4% of requests",
        Service = "checkout-api",
        Severity = Severity.Critical,
        Status = IncidentStatus.Investigating,
        StartedAt = T0,
        Alerts = [new TrackedAlert("6f2b1c0d9e8a7b54", AlertStatus.Firing, Severity.Critical, "Checkout API 5xx rate above 5%", T0, null)],
        Links = [new AlertLink("Runbook", "https://runbooks.example.com/checkout")],
        Timeline = [new IncidentEvent(T0, IncidentEventKind.Opened, "Checkout API 5xx rate above 5% (1 alert firing)")],
    };

    protected static ConversationReference Reference(string conversationId) => new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.example/amer/",
        Bot = new ChannelAccount("28:supportbot", "SupportBot"),
        Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: conversationId, tenantId: "tenant-1"),
    };

    internal static OutboxMessage Message(string id, string conversationId) => new()
    {
        Id = id,
        Kind = OutboxKind.Post,
        Conversation = Reference(conversationId),
        Activity = (Activity)Microsoft.Bot.Builder.MessageFactory.Text($"Briefing for {conversationId}"),
        EnqueuedAt = T0,
    };
}
