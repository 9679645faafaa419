using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using SupportBot.Alerts;
using SupportBot.Digests;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Digests;

/// <summary>What every subscription store must do; run against the in-process store and a real redis-server.</summary>
public abstract class SubscriptionStoreContract : IAsyncLifetime
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    protected ISubscriptionStore Store = null!;

    public abstract Task InitializeAsync();
    public abstract Task DisposeAsync();

    protected static PersonalSubscription Digest(int id, string user) => new()
    {
        Id = id,
        UserId = user,
        UserName = "Mia Manager",
        Conversation = new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example.test/emea/",
            Conversation = new ConversationAccount(conversationType: "personal", id: $"a:1chat-{user}", tenantId: "tenant-1"),
            User = new ChannelAccount(user, "Mia Manager"),
            Bot = new ChannelAccount("28:supportbot", "SupportBot"),
        },
        TimeZone = "Europe/Berlin",
        CreatedAt = new DateTimeOffset(2026, 6, 1, 11, 59, 30, TimeSpan.FromHours(2)),
        Digest = new DigestSchedule(DigestFrequency.Weekly, new TimeOnly(8, 30), DayOfWeek.Monday),
    };

    protected static PersonalSubscription Watch(int id, string user) =>
        Digest(id, user) with { Digest = null, Watch = new ServiceWatch("checkout-api", Severity.Major) };

    [Fact]
    public async Task Keeps_everything_a_subscription_needs_to_be_sent()
    {
        var digest = Digest(await Store.NextIdAsync(default), "29:mia");
        var watch = Watch(await Store.NextIdAsync(default), "29:mia");
        await Store.AddAsync(digest, default);
        await Store.AddAsync(watch, default);

        var stored = await Store.ListAsync(default);
        Assert.Equal([1, 2], stored.Select(s => s.Id));
        var back = stored[0];
        Assert.Equal(digest.Digest, back.Digest);
        Assert.Equal(digest.CreatedAt, back.CreatedAt);
        Assert.Equal(("Europe/Berlin", "29:mia", "Mia Manager"), (back.TimeZone, back.UserId, back.UserName));
        Assert.Equal(("msteams", "https://smba.example.test/emea/", "a:1chat-29:mia", "personal", "tenant-1", "28:supportbot"),
            (back.Conversation.ChannelId, back.Conversation.ServiceUrl, back.Conversation.Conversation.Id,
             back.Conversation.Conversation.ConversationType, back.Conversation.Conversation.TenantId, back.Conversation.Bot.Id));
        Assert.Equal(new ServiceWatch("checkout-api", Severity.Major), stored[1].Watch);
        Assert.Null(stored[1].Digest);
    }

    [Fact]
    public async Task A_person_lists_and_removes_only_their_own()
    {
        await Store.AddAsync(Digest(1, "29:mia"), default);
        await Store.AddAsync(Watch(2, "29:sam"), default);
        await Store.AddAsync(Watch(3, "29:mia"), default);

        Assert.Equal([1, 3], (await Store.ListForUserAsync("29:mia", default)).Select(s => s.Id));
        Assert.False(await Store.RemoveAsync("29:mia", 2, default));
        Assert.False(await Store.RemoveAsync("29:mia", 99, default));
        Assert.True(await Store.RemoveAsync("29:mia", 1, default));
        Assert.False(await Store.RemoveAsync("29:mia", 1, default));
        Assert.Equal([2, 3], (await Store.ListAsync(default)).Select(s => s.Id));

        Assert.Equal(1, await Store.RemoveAllAsync("29:mia", default));
        Assert.Equal(0, await Store.RemoveAllAsync("29:mia", default));
        Assert.Equal([2], (await Store.ListAsync(default)).Select(s => s.Id));
        Assert.Empty(await Store.ListForUserAsync("29:mia", default));
    }

    [Fact]
    public async Task Ids_are_unique_under_concurrency()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Store.NextIdAsync(default))));
        Assert.Equal(Enumerable.Range(1, 50), ids.Order());
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_claims_of_a_digest_wins()
    {
        var due = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default))));
        Assert.Single(claims, won => won);

        // Another period, another subscription: claims of their own.
        Assert.True(await Store.TryClaimDigestAsync(7, due.AddDays(1), TimeSpan.FromHours(30), default));
        Assert.True(await Store.TryClaimDigestAsync(8, due, TimeSpan.FromHours(30), default));
    }

    [Fact]
    public async Task A_released_claim_can_be_taken_again()
    {
        var due = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        Assert.True(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
        await Store.ReleaseDigestAsync(7, due, default);
        Assert.True(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
        Assert.False(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
    }
}

public sealed class InMemorySubscriptionStoreTests : SubscriptionStoreContract
{
    public override Task InitializeAsync()
    {
        Store = new InMemorySubscriptionStore(Clock);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_claim_expires_after_it_is_kept()
    {
        var due = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        Assert.True(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
        Clock.Advance(TimeSpan.FromHours(29));
        Assert.False(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
    }
}

public sealed class RedisSubscriptionStoreTests : SubscriptionStoreContract
{
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private RedisConnection _connection = null!;

    public override async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _redis = await _server.ConnectAsync();
        _connection = new RedisConnection(_server.ConnectionString, "supportbot:");
        Store = new RedisSubscriptionStore(_connection);
    }

    public override async Task DisposeAsync()
    {
        _connection.Dispose();
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Claims_expire_in_Redis_after_they_are_kept_and_survive_a_new_connection()
    {
        var due = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        Assert.True(await Store.TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync($"supportbot:digests:sent:7:{due.ToUnixTimeSeconds()}");
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(29.9), TimeSpan.FromHours(30));

        // Another instance (or this one after a restart) sees the claim.
        using var other = new RedisConnection(_server.ConnectionString, "supportbot:");
        Assert.False(await new RedisSubscriptionStore(other).TryClaimDigestAsync(7, due, TimeSpan.FromHours(30), default));
    }
}
