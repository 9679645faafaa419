using StackExchange.Redis;

namespace SupportBot.Caching;

public static class CachingSetup
{
    /// <summary>The distributed cache behind <see cref="AnswerCache"/>: Redis (under Redis:KeyPrefix + "cache:") when configured, memory otherwise.</summary>
    public static IServiceCollection AddCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
            services.AddDistributedMemoryCache();
        else
            services.AddStackExchangeRedisCache(o =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                // Like the store: start while Redis is down and reconnect by itself.
                o.ConfigurationOptions.AbortOnConnectFail = false;
                o.InstanceName = (configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "supportbot:") + "cache:";
            });
        services.AddSingleton<AnswerCache>();
        return services;
    }
}
