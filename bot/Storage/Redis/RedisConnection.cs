using StackExchange.Redis;

namespace SupportBot.Storage.Redis;

/// <summary>The one multiplexer this process shares, and the key prefix that keeps SupportBot's keys apart from others'.</summary>
public sealed class RedisConnection : IDisposable
{
    private readonly string _prefix;

    public RedisConnection(string connectionString, string keyPrefix)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start and keep running while Redis is down or restarting; the multiplexer reconnects on its own.
        options.AbortOnConnectFail = false;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        _prefix = keyPrefix;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    public RedisKey Key(string name) => _prefix + name;

    /// <summary>Runs one call against Redis; Redis being unreachable comes out as <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> Run<T>(Func<IDatabase, Task<T>> call)
    {
        try
        {
            return await call(Database);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException($"Redis is unavailable: {e.Message}", e);
        }
    }

    public async Task Run(Func<IDatabase, Task> call)
    {
        try
        {
            await call(Database);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException($"Redis is unavailable: {e.Message}", e);
        }
    }

    /// <summary>No connection, no answer in time, or a server that cannot serve yet (loading its data, a replica, failing over).</summary>
    public static bool IsUnavailable(Exception e) => e is RedisConnectionException or RedisTimeoutException
        || e is RedisServerException { Message: var m } && (m.StartsWith("LOADING", StringComparison.Ordinal)
            || m.StartsWith("READONLY", StringComparison.Ordinal) || m.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || m.StartsWith("TRYAGAIN", StringComparison.Ordinal) || m.StartsWith("CLUSTERDOWN", StringComparison.Ordinal));

    public void Dispose() => Multiplexer.Dispose();
}
