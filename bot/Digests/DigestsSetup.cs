using SupportBot.Conversation;
using SupportBot.Incidents;

namespace SupportBot.Digests;

public static class DigestsSetup
{
    /// <summary>
    /// Personal subscriptions: scheduled digests and service pings. The in-process store comes from AddStorage; with
    /// ConnectionStrings:Redis set they live in Redis instead, shared by every instance and kept across restarts.
    /// </summary>
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Redis") is { Length: > 0 })
        {
            // The one connection the Redis store opened (AddStorage), so digests share its reconnect behaviour.
            services.AddSingleton<ISubscriptionStore>(sp => new RedisSubscriptionStore(
                sp.GetRequiredService<Storage.Redis.RedisConnection>().Multiplexer,
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Storage.Redis.RedisOptions>>().Value.KeyPrefix));
        }
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IChatSkill, SubscriptionSkill>();
        services.AddSingleton<DigestRunner>();
        services.AddHostedService<DigestScheduler>();
        services.AddSingleton<ServiceAlertQueue>();
        services.AddSingleton<IIncidentChangeSink>(sp => sp.GetRequiredService<ServiceAlertQueue>());
        services.AddHostedService<ServiceAlertWorker>();
        return services;
    }
}
