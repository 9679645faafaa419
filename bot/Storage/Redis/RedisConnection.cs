using StackExchange.Redis;

namespace SupportBot.Storage.Redis;

/// <summary>The one multiplexer this process shares, and the key prefix that keeps SupportBot's keys apart from others'.</summary>
public sealed class RedisConnection : IDisposable
{
    private readonly string _prefix;
    private readonly Action? _onFailure;
    private readonly int _waitForReplicas;
    private readonly TimeSpan _waitTimeout;
    private long _epoch;

    /// <param name="onFailure">Called for every command that failed in Redis (counted in the metrics).</param>
    public RedisConnection(string connectionString, string keyPrefix, Action? onFailure = null, int waitForReplicas = 0, TimeSpan? waitTimeout = null)
    {
        _waitForReplicas = waitForReplicas;
        _waitTimeout = waitTimeout ?? TimeSpan.FromSeconds(1);
        if (keyPrefix.IndexOfAny(['{', '}']) >= 0)
            throw new ArgumentException("Redis:KeyPrefix must not contain '{' or '}': braces mark the hash tag that keeps related keys in one Redis Cluster slot.", nameof(keyPrefix));
        _onFailure = onFailure;
        var options = ConfigurationOptions.Parse(connectionString);
        // Start and keep running while Redis is down or restarting; the multiplexer reconnects on its own.
        options.AbortOnConnectFail = false;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        Multiplexer.ConnectionFailed += (_, _) => Interlocked.Increment(ref _epoch);
        Multiplexer.ConnectionRestored += (_, _) => Interlocked.Increment(ref _epoch);
        Multiplexer.HashSlotMoved += (_, _) => ReconfigureSoon();
        _prefix = keyPrefix;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>
    /// Changes whenever a connection to Redis fails or is made again. Read before a write whose acknowledgement
    /// depends on it and hand it to <see cref="ReplicatedAsync"/>: WAIT only counts the writes its own connection sent,
    /// so a WAIT sent over a new connection (to a promoted replica, say) would confirm a write the old one lost.
    /// </summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>Whether writes wait for replicas (Redis:WaitForReplicas above 0).</summary>
    public bool WaitsForReplicas => _waitForReplicas > 0;

    /// <summary>
    /// Every read goes to the primary, never to a replica (StackExchange.Redis's default would fall back to one while
    /// the primary is unreachable): a replica lags behind, and a card read there as "not posted yet" is posted twice.
    /// </summary>
    public const CommandFlags Primary = CommandFlags.DemandMaster;

    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>A key used on its own (no script or transaction touches it together with another key).</summary>
    public RedisKey Key(string name) => _prefix + name;

    /// <summary>
    /// A key of a slot group: <c>{prefix}{group}name</c>, where {group} is the hash tag. Every key one Lua script or
    /// transaction touches must come from the same group, so Redis Cluster keeps them in one slot (no CROSSSLOT).
    /// </summary>
    public RedisKey Key(string group, string name) => $"{_prefix}{{{group}}}{name}";

    /// <summary>
    /// After a write that an acknowledgement depends on (a webhook's 202, a card recorded as sent): waits until
    /// Redis:WaitForReplicas replicas of the primary holding <paramref name="written"/> have every write this process
    /// sent it so far (WAIT), so a failover cannot lose it. Not confirmed in Redis:WaitTimeout, or the connection
    /// changed since <paramref name="epoch"/> (<see cref="Epoch"/> read before the write): the store counts as
    /// unavailable (503 with Retry-After; the sender tries again, and every write is idempotent).
    /// </summary>
    public async Task ReplicatedAsync(RedisKey written, long epoch)
    {
        if (_waitForReplicas <= 0) return;
        var confirmed = await Run(async db =>
        {
            var primary = await db.IdentifyEndpointAsync(written, Primary)
                ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No primary holds the key's slot.");
            return (long)await Multiplexer.GetServer(primary).ExecuteAsync("WAIT", [_waitForReplicas, (long)_waitTimeout.TotalMilliseconds], Primary);
        });
        if (Epoch != epoch)
            throw new StoreUnavailableException("The connection to Redis changed between a write and its WAIT: the write is not confirmed.");
        if (confirmed < _waitForReplicas)
            throw new StoreUnavailableException($"Only {confirmed} of {_waitForReplicas} Redis replicas confirmed the write within {_waitTimeout.TotalMilliseconds} ms.");
    }

    /// <summary>Runs one call against Redis; Redis being unreachable comes out as <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> Run<T>(Func<IDatabase, Task<T>> call)
    {
        try
        {
            return await call(Database);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            if (Unavailable(e) is { } unavailable) throw unavailable;
            throw;
        }
    }

    public async Task Run(Func<IDatabase, Task> call)
    {
        try
        {
            await call(Database);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            if (Unavailable(e) is { } unavailable) throw unavailable;
            throw;
        }
    }

    /// <summary>Counts the failure; for Redis being unreachable, what callers get instead (null: rethrow as it is).</summary>
    private StoreUnavailableException? Unavailable(Exception e)
    {
        _onFailure?.Invoke();
        if (!IsUnavailable(e)) return null;
        if (e is RedisConnectionException) ReconfigureSoon();
        return new StoreUnavailableException($"Redis is unavailable: {e.Message}", e);
    }

    private long _nextReconfigure;

    /// <summary>
    /// On a Redis Cluster, asks the multiplexer to read the topology again now, at most once a second. After a failover
    /// (`CLUSTER FAILOVER`, or a killed primary's replica taking over) StackExchange.Redis follows the first MOVED to the
    /// promoted node but still takes it for a replica, so every primary-only command for its slots fails ("not
    /// reachable") until its next configuration check (ConfigCheckSeconds, 60 s by default): one instance could not
    /// write there for a minute or more while the others could, long enough for its outbox lease to end.
    /// </summary>
    private void ReconfigureSoon()
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextReconfigure);
        if (now < next || Interlocked.CompareExchange(ref _nextReconfigure, now + 1000, next) != next) return;
        // A single server or Sentinel: the multiplexer follows the primary on its own (Sentinel's +switch-master).
        if (!Multiplexer.GetServers().Any(server => server.ServerType == ServerType.Cluster)) return;
        _ = Task.Run(async () =>
        {
            try { await Multiplexer.ConfigureAsync(); }
            catch (Exception) { } // Redis is down: the next failure asks again
        });
    }

    /// <summary>No connection, no answer in time, or a server that cannot serve yet (loading its data, a replica, failing over).</summary>
    public static bool IsUnavailable(Exception e) => e is RedisConnectionException or RedisTimeoutException
        || e is RedisServerException { Message: var m } && (m.StartsWith("LOADING", StringComparison.Ordinal)
            || m.StartsWith("READONLY", StringComparison.Ordinal) || m.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || m.StartsWith("TRYAGAIN", StringComparison.Ordinal) || m.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || m.Contains("WAIT cannot be used with replica instances", StringComparison.Ordinal));

    public void Dispose() => Multiplexer.Dispose();
}
