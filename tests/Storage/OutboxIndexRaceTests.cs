using SupportBot.Outbox;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>
/// The Redis outbox's index of due conversations (outbox:due) lives apart from each conversation's own due time, so
/// steps write it after their script. A step that found the conversation claimed by another instance (a lost claim, or
/// a message queued meanwhile) must not leave the claim's lease end in the index once the claimer has given the
/// conversation back: nobody would look at it again until the lease ended, and its cards would stall that long (what
/// the 300-channel simulation showed). Each instance here has its own connection; a relay holds one back between two
/// of its round trips while the other finishes, as a busy machine does.
/// </summary>
public sealed class OutboxIndexRaceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 19, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_conversation_given_back_while_another_instance_lost_the_claim_is_due_again_at_once()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relayA = RedisCommandHold.To(redis.Port);
        await using var relayB = RedisCommandHold.To(redis.Port);
        using var a = new RedisConnection(relayA.Endpoint, prefix);
        using var b = new RedisConnection(relayB.Endpoint, prefix);
        using var c = new RedisConnection(redis.ConnectionString, prefix);
        var (storeA, storeB, storeC) = (Store(a), Store(b), Store(c));
        Assert.True(await storeC.EnqueueAsync(StoreContract.Message("m-1", "19:x"), T0, default));

        // A claims the conversation; before A notes the claim in the index, B finds it there as due and loses the claim.
        relayA.HoldAfter("EVAL", "EVALSHA");
        var claimA = storeA.ClaimAsync(T0, Lease, default);
        await relayA.HeldAsync("ZADD");
        relayB.HoldAfter("EVAL", "EVALSHA");
        var claimB = storeB.ClaimAsync(T0, Lease, default);
        await relayB.HeldAsync("ZADD");
        await relayA.ReleaseAsync();
        var lease = await claimA;
        Assert.Equal("m-1", lease!.Message.Id);

        // A gives the conversation back at once (its tenant had no place yet), then B goes on.
        await storeA.RescheduleAsync(lease.Message, T0, default);
        await relayB.ReleaseAsync();
        Assert.Null(await claimB);

        var again = await storeC.ClaimAsync(T0.AddSeconds(1), Lease, default);
        Assert.Equal("m-1", again?.Message.Id);
    }

    [Fact]
    public async Task A_message_queued_while_another_instance_held_the_conversation_is_due_once_it_is_finished()
    {
        var prefix = RedisServer.NewPrefix();
        await using var relayB = RedisCommandHold.To(redis.Port);
        using var b = new RedisConnection(relayB.Endpoint, prefix);
        using var c = new RedisConnection(redis.ConnectionString, prefix);
        var (storeB, storeC) = (Store(b), Store(c));
        Assert.True(await storeC.EnqueueAsync(StoreContract.Message("m-1", "19:x"), T0, default));
        var lease = await storeC.ClaimAsync(T0, Lease, default);

        // B queues the next message while C sends the first; C finishes before B has noted its message in the index.
        relayB.HoldAfter("EVAL", "EVALSHA");
        var queue = storeB.EnqueueAsync(StoreContract.Message("m-2", "19:x"), T0, default);
        await relayB.HeldAsync("ZADD");
        await storeC.CompleteAsync(lease!.Message, T0, T0, default);
        await relayB.ReleaseAsync();
        Assert.True(await queue);

        // Teams' pacing lets the next message go 1 s after the last send at the latest (7 per second, 8 per 2 s).
        var next = await storeC.ClaimAsync(T0.AddSeconds(2), Lease, default);
        Assert.Equal("m-2", next?.Message.Id);
    }

    private static RedisOutboxStore Store(RedisConnection connection) => new(connection, TimeSpan.FromDays(7));
}
