using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;

namespace SupportBot.Storage.Redis;

/// <summary>
/// Bot Framework conversation and user state (IStorage) in Redis: key botstate:{state key}, a hash of the JSON
/// and its ETag. Writes are optimistic like MemoryStorage's: an item read with an ETag is only written back if
/// nobody else wrote it in between (checked and written in one script); "*" or no ETag overwrites.
/// </summary>
public sealed class RedisBotStorage(RedisConnection redis) : IStorage
{
    // KEYS: item. ARGV: json, expected etag ('' for any), new etag.
    private const string WriteScript = """
        if ARGV[2] ~= '' then
          local current = redis.call('HGET', KEYS[1], 'etag')
          if current and current ~= ARGV[2] then return 0 end
        end
        redis.call('HSET', KEYS[1], 'json', ARGV[1], 'etag', ARGV[3])
        return 1
        """;

    private RedisKey Item(string key) => redis.Key($"botstate:{key}");

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        var items = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var fields = await redis.Run(db => db.HashGetAsync(Item(key), ["json", "etag"]));
            if (fields[0].IsNull) continue;
            var value = JObject.Parse(fields[0]!).ToObject<object>(StoreJson.BotState)!;
            if (value is IStoreItem item) item.ETag = fields[1];
            items[key] = value;
        }
        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        foreach (var (key, value) in changes)
        {
            var expected = value is IStoreItem { ETag: { } etag } && etag != "*" ? etag : "";
            var json = JObject.FromObject(value, StoreJson.BotState).ToString(Formatting.None);
            var written = await redis.Run(db => db.ScriptEvaluateAsync(WriteScript, [Item(key)], [json, expected, Guid.NewGuid().ToString("N")]));
            if ((int)written == 0)
                throw new InvalidOperationException($"Etag conflict: '{key}' was changed by another writer since it was read.");
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys) await redis.Run(db => db.KeyDeleteAsync(Item(key)));
    }
}
