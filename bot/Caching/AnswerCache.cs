using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using SupportBot.Telemetry;

namespace SupportBot.Caching;

/// <summary>
/// Answers of paid or slow calls (Azure PII recognition, Loki queries), kept in the distributed cache: Redis when
/// configured (shared by every instance), process memory otherwise. Keys are SHA-256 hashes, so no text that still
/// holds personal data becomes a key. The cache is an optimisation: when it fails, the call is simply made.
/// Every look-up counts as a hit or a miss in <c>supportbot_cache_requests_total</c>.
/// </summary>
public sealed class AnswerCache(IDistributedCache cache, SupportBotMetrics metrics, ILogger<AnswerCache> log)
{
    public async Task<T?> GetAsync<T>(string cacheName, string key, CancellationToken ct) where T : class
    {
        T? value = null;
        try
        {
            var bytes = await cache.GetAsync(FullKey(cacheName, key), ct);
            if (bytes is not null) value = JsonSerializer.Deserialize<T>(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogDebug(e, "Cache {Cache} unavailable for a read", cacheName);
        }
        metrics.CacheRequests.WithLabels(cacheName, value is null ? "miss" : "hit").Inc();
        return value;
    }

    public async Task SetAsync<T>(string cacheName, string key, T value, TimeSpan ttl, CancellationToken ct)
    {
        try
        {
            await cache.SetAsync(FullKey(cacheName, key), JsonSerializer.SerializeToUtf8Bytes(value),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogDebug(e, "Cache {Cache} unavailable for a write", cacheName);
        }
    }

    /// <summary>A stable key for any text: its SHA-256 in hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string FullKey(string cacheName, string key) => $"{cacheName}:{key}";
}
