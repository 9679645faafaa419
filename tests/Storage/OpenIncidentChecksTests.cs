using SupportBot.Incidents;
using SupportBot.Storage;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>
/// Webhooks that arrive while one open-incident check is on its way to Redis are checked together by the next one
/// (<see cref="OpenIncidentChecks"/>); each must still get what Redis holds after it arrived, as if checked alone.
/// </summary>
public sealed class OpenIncidentChecksTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Groups = 120;

    [Fact]
    public async Task Webhooks_checked_together_each_see_what_another_instance_changed_before_they_arrived()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relay = RedisCommandHold.To(redis.Port);
        using var mine = new RedisConnection(relay.Endpoint, prefix);
        using var other = new RedisConnection(redis.ConnectionString, prefix);
        var (store, theirs) = (new RedisIncidentStore(mine), new RedisIncidentStore(other));
        // This instance opened them all, so it holds a copy of each.
        var opened = new List<Incident>();
        for (var i = 0; i < Groups; i++) opened.Add((await store.TryOpenAsync(StoreContract.Incident(0, $"group-{i}"), default))!);
        Assert.Same(opened[0], await store.FindOpenAsync("group-0", default));

        // A check is on its way to Redis (held there) ...
        relay.HoldAfter("EVAL", "EVALSHA");
        await store.FindOpenAsync("group-0", default);
        var inFlight = store.FindOpenAsync("group-1", default);
        await relay.HeldAsync("EVALSHA");
        var sent = relay.Count("EVAL", "EVALSHA");

        // ... when another instance changes a third of the incidents, resolves a third and opens one more ...
        for (var i = 0; i < Groups / 3; i++)
            Assert.True(await theirs.TryUpdateAsync(opened[i] with { Title = $"Changed elsewhere {i}", Version = 2 }, default));
        for (var i = Groups / 3; i < 2 * Groups / 3; i++)
            Assert.True(await theirs.TryUpdateAsync(opened[i] with { Status = IncidentStatus.Resolved, ResolvedAt = opened[i].StartedAt.AddMinutes(5), Version = 2 }, default));
        var openedElsewhere = (await theirs.TryOpenAsync(StoreContract.Incident(0, "group-new"), default))!;

        // ... and then webhooks for every group arrive here, twice each, while that check is still out.
        var checks = Enumerable.Range(0, Groups).Concat(Enumerable.Range(0, Groups))
            .Select(i => (Index: i, Found: store.FindOpenAsync($"group-{i}", default))).ToList();
        var forNew = store.FindOpenAsync("group-new", default);
        var forNone = store.FindOpenAsync("group-never-opened", default);
        await relay.ReleaseAsync();

        Assert.Equal("Changed elsewhere 1", (await inFlight)?.Title);
        foreach (var (i, check) in checks)
        {
            var found = await check;
            if (i < Groups / 3) Assert.Equal((2, $"Changed elsewhere {i}"), (found!.Version, found.Title));
            else if (i < 2 * Groups / 3) Assert.Null(found);
            else Assert.Same(opened[i], found);   // unchanged: this instance's own copy, confirmed current
        }
        Assert.Equal(openedElsewhere.Number, (await forNew)?.Number);
        Assert.Null(await forNone);
        // All of them were checked by one script, sent once the held one was answered.
        Assert.Equal(sent + 1, relay.Count("EVAL", "EVALSHA"));
        // The next webhook for a changed group gets the changed incident as well.
        Assert.Equal("Changed elsewhere 0", (await store.FindOpenAsync("group-0", default))?.Title);
    }

    [Fact]
    public async Task An_incident_that_cannot_be_read_fails_only_the_webhooks_of_its_own_group_in_a_batch()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relay = RedisCommandHold.To(redis.Port);
        using var mine = new RedisConnection(relay.Endpoint, prefix);
        using var other = new RedisConnection(redis.ConnectionString, prefix);
        var store = new RedisIncidentStore(mine);
        var opened = new List<Incident>();
        for (var i = 0; i < 6; i++) opened.Add((await store.TryOpenAsync(StoreContract.Incident(0, $"group-{i}"), default))!);

        // Group 2's document is damaged behind this instance's back (and its version moved on, so it is read again).
        var broken = opened[2];
        await other.Database.HashSetAsync($"{prefix}{{incidents}}", broken.Number, "{\"number\":" + broken.Number + ",\"title\":");
        await other.Database.HashSetAsync($"{prefix}{{incidents}}:versions", broken.Number, broken.Version + 1);

        // Webhooks for every group, twice each, wait for one check together.
        relay.HoldAfter("EVAL", "EVALSHA");
        await store.FindOpenAsync("group-0", default);
        var inFlight = store.FindOpenAsync("group-0", default);
        await relay.HeldAsync("EVALSHA");
        var sent = relay.Count("EVAL", "EVALSHA");
        var checks = Enumerable.Range(0, 6).Concat(Enumerable.Range(0, 6))
            .Select(i => (Index: i, Found: store.FindOpenAsync($"group-{i}", default))).ToList();
        await relay.ReleaseAsync();

        Assert.Same(opened[0], await inFlight);
        foreach (var (i, check) in checks)
        {
            if (i == 2) await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => check);
            else Assert.Same(opened[i], await check);
        }
        Assert.Equal(sent + 1, relay.Count("EVAL", "EVALSHA"));   // all in one script
        // Repaired, the group is found again; the others were never held up.
        await other.Database.HashSetAsync($"{prefix}{{incidents}}", broken.Number, RedisIncidentAlerts.Document(broken with { Version = broken.Version + 1 }));
        Assert.Equal((broken.Number, broken.Version + 1), await store.FindOpenAsync("group-2", default) is { } repaired ? (repaired.Number, repaired.Version) : default);
    }
}

/// <summary>Redis goes away while a batch of open-incident checks is out: every webhook of it fails as unavailable (503), and nothing is lost.</summary>
public sealed class OpenIncidentChecksOutageTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Every_webhook_of_a_batch_whose_check_fails_is_told_the_store_is_unavailable_and_nothing_is_lost()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relay = RedisCommandHold.To(redis.Port);
        using var mine = new RedisConnection(relay.Endpoint, prefix);
        var store = new RedisIncidentStore(mine);
        for (var i = 0; i < 30; i++) Assert.NotNull(await store.TryOpenAsync(StoreContract.Incident(0, $"group-{i}"), default));

        relay.HoldAfter("EVAL", "EVALSHA");
        await store.FindOpenAsync("group-0", default);
        var checks = new List<Task<Incident?>> { store.FindOpenAsync("group-0", default) };
        await relay.HeldAsync("EVALSHA");
        checks.AddRange(Enumerable.Range(0, 30).Select(i => store.FindOpenAsync($"group-{i}", default)));

        await redis.StopAsync();
        foreach (var check in checks) await Assert.ThrowsAsync<StoreUnavailableException>(() => check);

        await relay.ReleaseAsync();
        await redis.StartAsync();
        // The instance reconnects and finds every incident as it was.
        await Poll.UntilAsync(async () =>
        {
            try { return await store.FindOpenAsync("group-0", default) is not null; }
            catch (StoreUnavailableException) { return false; }
        }, "the store to reconnect after the restart");
        var found = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => store.FindOpenAsync($"group-{i}", default)));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"group-{i}"), found.Select(f => f?.GroupKey));
    }
}
