using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using StackExchange.Redis;

namespace SupportBot.Digests;

/// <summary>
/// Subscriptions in Redis, shared by every bot instance and kept across restarts. Keys (see <see cref="ISubscriptionStore"/>):
/// a hash of subscription JSON by id, a set of ids per person, and one expiring key per digest sent.
/// </summary>
public sealed class RedisSubscriptionStore(IConnectionMultiplexer redis, string prefix = "supportbot:") : ISubscriptionStore
{
    // Newtonsoft, because the Bot Framework's ConversationReference is annotated for it.
    private static readonly JsonSerializerSettings Json = new()
    {
        Converters = { new StringEnumConverter() },
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

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

    private IDatabase Db => redis.GetDatabase();
    private RedisKey All => prefix + "subscriptions";
    private RedisKey NextId => prefix + "subscriptions:next-id";
    private RedisKey OfUser(string userId) => prefix + "subscriptions:user:" + userId;
    private RedisKey Sent(int id, DateTimeOffset occurrence) => $"{prefix}digests:sent:{id}:{occurrence.ToUnixTimeSeconds()}";

    public async Task<int> NextIdAsync(CancellationToken ct) => (int)await Db.StringIncrementAsync(NextId);

    public async Task AddAsync(PersonalSubscription subscription, CancellationToken ct)
    {
        var tx = Db.CreateTransaction();
        _ = tx.HashSetAsync(All, subscription.Id, JsonConvert.SerializeObject(subscription, Json));
        _ = tx.SetAddAsync(OfUser(subscription.UserId), subscription.Id);
        if (!await tx.ExecuteAsync()) throw new InvalidOperationException($"Could not store subscription #{subscription.Id}.");
    }

    public async Task<IReadOnlyList<PersonalSubscription>> ListAsync(CancellationToken ct) =>
        Read((await Db.HashGetAllAsync(All)).Select(e => e.Value));

    public async Task<IReadOnlyList<PersonalSubscription>> ListForUserAsync(string userId, CancellationToken ct)
    {
        var ids = await Db.SetMembersAsync(OfUser(userId));
        return ids.Length == 0 ? [] : Read(await Db.HashGetAsync(All, ids));
    }

    public async Task<bool> RemoveAsync(string userId, int id, CancellationToken ct) =>
        (int)await Db.ScriptEvaluateAsync(RemoveScript, [All, OfUser(userId)], [id]) == 1;

    public async Task<int> RemoveAllAsync(string userId, CancellationToken ct) =>
        (int)await Db.ScriptEvaluateAsync(RemoveAllScript, [All, OfUser(userId)]);

    public Task<bool> TryClaimDigestAsync(int id, DateTimeOffset occurrence, TimeSpan keep, CancellationToken ct) =>
        Db.StringSetAsync(Sent(id, occurrence), Environment.MachineName, keep, When.NotExists);

    public Task ReleaseDigestAsync(int id, DateTimeOffset occurrence, CancellationToken ct) =>
        Db.KeyDeleteAsync(Sent(id, occurrence));

    private static List<PersonalSubscription> Read(IEnumerable<RedisValue> values) =>
        values.Where(v => v.HasValue)
            .Select(v => JsonConvert.DeserializeObject<PersonalSubscription>(v.ToString(), Json)!)
            .OrderBy(s => s.Id)
            .ToList();
}
