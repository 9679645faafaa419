using System.Text.Json;
using Microsoft.Bot.Schema;
using StackExchange.Redis;
using static SupportBot.Storage.Redis.RedisConnection;
using SupportBot.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The conversations that get briefings, in Redis. Key: subscribers (hash conversation id → {reference, filter} JSON).
/// A value written before channels had filters is the bare conversation reference: it follows everything.
/// Every change of an incident lists them, and they change rarely: each instance keeps the list it read, and every
/// write publishes a notice (channel subscribers:changed, in the same script) that makes every instance read it again.
/// A notice an instance could have missed (its connection to Redis failed or was made again, or it is not listening
/// yet) drops the list as well, and a list is kept no longer than <see cref="DefaultMaxAge"/> in any case.
/// </summary>
public sealed class RedisBriefingChannelStore : IBriefingChannelStore, IDisposable
{
    /// <summary>How long a list read is kept at most, should a notice be lost without the connection seeming to fail.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(1);

    // KEYS: subscribers. ARGV: conversation id, JSON, notice channel. 1 if the channel is new.
    private const string AddScript = """
        local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        return added
        """;

    // KEYS: subscribers. ARGV: conversation id, notice channel. 1 if it was a briefing channel.
    private const string RemoveScript = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        if removed == 1 then redis.call('PUBLISH', ARGV[2], ARGV[1]) end
        return removed
        """;

    private readonly RedisConnection _redis;
    private readonly RedisChannel _notices;
    private readonly long _maxAgeMs;
    private readonly Action<RedisChannel, RedisValue> _onNotice;
    private readonly Lock _gate = new();
    private Task? _listening;
    private long _generation;
    private Kept? _kept;

    /// <param name="maxAge">How long a list read may be kept at most (default <see cref="DefaultMaxAge"/>).</param>
    public RedisBriefingChannelStore(RedisConnection redis, TimeSpan? maxAge = null)
    {
        _redis = redis;
        _notices = RedisChannel.Literal((string)redis.Key("subscribers:changed")!);
        _maxAgeMs = (long)(maxAge ?? DefaultMaxAge).TotalMilliseconds;
        _onNotice = (_, _) => Interlocked.Increment(ref _generation);
        Listen();
    }

    private RedisKey Subscribers => _redis.Key("subscribers");

    /// <summary>A list as read, and what it was read under: the notices counted and the connection's epoch then.</summary>
    private sealed record Kept(IReadOnlyList<ChannelSubscription> Channels, long Generation, long Epoch, long ReadAt);

    public async Task<bool> AddAsync(ConversationReference reference, ChannelFilter filter, CancellationToken ct) =>
        (int)await _redis.Run(db => db.ScriptEvaluateAsync(AddScript, [Subscribers],
            [reference.Conversation.Id, StoreJson.Write(new Stored(reference, filter)), (string)_notices!], flags: Primary)) == 1;

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken ct) =>
        (int)await _redis.Run(db => db.ScriptEvaluateAsync(RemoveScript, [Subscribers], [conversationId, (string)_notices!], flags: Primary)) == 1;

    public async Task<ChannelSubscription?> GetAsync(string conversationId, CancellationToken ct)
    {
        var json = await _redis.Run(db => db.HashGetAsync(Subscribers, conversationId, Primary));
        return json.IsNull ? null : Read(json!);
    }

    /// <summary>The list kept, while no notice, no connection change and no more than the maximum age came since it was read; else read now.</summary>
    public async Task<IReadOnlyList<ChannelSubscription>> ListAsync(CancellationToken ct)
    {
        // All read before Redis is asked: a notice that comes while it answers makes what it answers out of date.
        var listening = Listening();
        var generation = Interlocked.Read(ref _generation);
        var epoch = _redis.Epoch;
        var now = Environment.TickCount64;
        if (Volatile.Read(ref _kept) is { } kept && kept.Generation == generation && kept.Epoch == epoch && now - kept.ReadAt < _maxAgeMs)
            return kept.Channels;
        var all = await _redis.Run(db => db.HashValuesAsync(Subscribers, Primary));
        var channels = all.Select(json => Read(json!)).ToList().AsReadOnly();
        if (listening) Volatile.Write(ref _kept, new Kept(channels, generation, epoch, now));
        return channels;
    }

    /// <summary>Whether Redis has confirmed this instance's subscription to the notices; if it failed, subscribes again.</summary>
    private bool Listening()
    {
        var listening = Volatile.Read(ref _listening);
        if (listening is { IsCompletedSuccessfully: true }) return true;
        if (listening is { IsCompleted: true })
            lock (_gate) // a rare path: the subscription failed (Redis was down)
                if (ReferenceEquals(Volatile.Read(ref _listening), listening)) Listen();
        return false;
    }

    private void Listen()
    {
        var subscribing = _redis.Multiplexer.GetSubscriber().SubscribeAsync(_notices, _onNotice);
        // Observed here so that a failure (Redis down at start) is not an unobserved exception; the next list asks again.
        _ = subscribing.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Volatile.Write(ref _listening, subscribing);
    }

    private static ChannelSubscription Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("reference", out _))
            return new ChannelSubscription(StoreJson.Read<ConversationReference>(json), ChannelFilter.All);
        var stored = StoreJson.Read<Stored>(json);
        return new ChannelSubscription(stored.Reference, stored.Filter ?? ChannelFilter.All);
    }

    public void Dispose()
    {
        try { _redis.Multiplexer.GetSubscriber().Unsubscribe(_notices, _onNotice, CommandFlags.FireAndForget); }
        catch (ObjectDisposedException) { } // the connection went first
    }

    private sealed record Stored(ConversationReference Reference, ChannelFilter? Filter);
}
