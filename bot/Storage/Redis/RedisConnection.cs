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

    public void Dispose() => Multiplexer.Dispose();
}
