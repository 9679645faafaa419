using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Digests;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Personal subscriptions in Redis, shared by every bot instance and kept across restarts. Keys (the first three in
/// the slot group {subscriptions}): {subscriptions} (hash id → subscription JSON), {subscriptions}:next-id (INCR),
/// {subscriptions}:user:&lt;user id&gt; (set of that person's ids), digests:sent:&lt;id&gt;:&lt;occurrence unix seconds&gt;
/// (SET NX PX: one claim per digest sent).
/// </summary>
public sealed class RedisSubscriptionStore(RedisConnection redis) : ISubscriptionStore
{
    // Only when the id is in the person's set is it theirs to delete; both in one step.
    private const string RemoveScript = """
        if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
          redis.call('HDEL', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;

    private const string RemoveAllScript = """
        local ids = redis.call('SMEMBERS', KEYS[2])
        for _, id in ipairs(ids) do redis.call('HDEL', KEYS[1], id) end
        redis.call('DEL', KEYS[2])
        return #ids
        """;

    // One slot group: the transaction and the scripts touch the hash and a person's set together.
    private const string Group = "subscriptions";
    private RedisKey All => redis.Key(Group, "");
    private RedisKey NextId => redis.Key(Group, ":next-id");
    private RedisKey OfUser(string userId) => redis.Key(Group, ":user:" + userId);
    private RedisKey Sent(int id, DateTimeOffset occurrence) => redis.Key($"digests:sent:{id}:{occurrence.ToUnixTimeSeconds()}");

    public async Task<int> NextIdAsync(CancellationToken ct) => (int)await redis.Run(db => db.StringIncrementAsync(NextId));

    public Task AddAsync(PersonalSubscription subscription, CancellationToken ct) => redis.Run(async db =>
    {
        var tx = db.CreateTransaction();
        _ = tx.HashSetAsync(All, subscription.Id, StoreJson.Write(subscription));
        _ = tx.SetAddAsync(OfUser(subscription.UserId), subscription.Id);
        if (!await tx.ExecuteAsync()) throw new InvalidOperationException($"Could not store subscription #{subscription.Id}.");
    });

    public async Task<IReadOnlyList<PersonalSubscription>> ListAsync(CancellationToken ct) =>
        Read((await redis.Run(db => db.HashGetAllAsync(All, Primary))).Select(e => e.Value));

    public async Task<IReadOnlyList<PersonalSubscription>> ListForUserAsync(string userId, CancellationToken ct)
    {
        var ids = await redis.Run(db => db.SetMembersAsync(OfUser(userId), Primary));
        return ids.Length == 0 ? [] : Read(await redis.Run(db => db.HashGetAsync(All, ids, Primary)));
    }

    public async Task<bool> RemoveAsync(string userId, int id, CancellationToken ct) =>
        (int)await redis.Run(db => db.ScriptEvaluateAsync(RemoveScript, [All, OfUser(userId)], [id], flags: Primary)) == 1;

    public async Task<int> RemoveAllAsync(string userId, CancellationToken ct) =>
        (int)await redis.Run(db => db.ScriptEvaluateAsync(RemoveAllScript, [All, OfUser(userId)], flags: Primary));

    public Task<bool> TryClaimDigestAsync(int id, DateTimeOffset occurrence, TimeSpan keep, CancellationToken ct) =>
        redis.Run(db => db.StringSetAsync(Sent(id, occurrence), Environment.MachineName, keep, When.NotExists));

    public Task ReleaseDigestAsync(int id, DateTimeOffset occurrence, CancellationToken ct) =>
        redis.Run(db => db.KeyDeleteAsync(Sent(id, occurrence)));

    private static List<PersonalSubscription> Read(IEnumerable<RedisValue> values) =>
        values.Where(v => v.HasValue)
            .Select(v => StoreJson.Read<PersonalSubscription>(v.ToString()))
            .OrderBy(s => s.Id)
            .ToList();
}
