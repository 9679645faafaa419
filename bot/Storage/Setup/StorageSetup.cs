using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.Coordination;
using SupportBot.Digests;
using SupportBot.EarlyWarning;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Sources.Auth;
using SupportBot.Storage.InMemory;
using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Setup;

public static class StorageSetup
{
    /// <summary>
    /// Every store the bot has, in one place: Redis when ConnectionStrings:Redis is set (state survives restarts and
    /// is shared by every instance); otherwise the embedded in-process stores, so `dotnet run` works with nothing else
    /// installed. The interfaces live with the concepts that own them; only the implementations are chosen here.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExceptionHandler<StoreUnavailableHandler>();
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IIncidentStore, InMemoryIncidentStore>();
            services.AddSingleton<IBriefingChannelStore, InMemoryBriefingChannelStore>();
            services.AddSingleton<IPostedCardStore, InMemoryPostedCardStore>();
            services.AddSingleton<IStormStore, InMemoryStormStore>();
            services.AddSingleton<IOutboxStore>(sp =>
            {
                var outbox = sp.GetRequiredService<IOptions<OutboxOptions>>().Value;
                return new InMemoryOutboxStore(outbox.DeadLetterLimit, outbox.DeadLetterRetention);
            });
            services.AddSingleton<ITenantBudgetStore, InMemoryTenantBudgetStore>();
            services.AddSingleton<ISubscriptionStore, InMemorySubscriptionStore>();
            services.AddSingleton<ILeaderLock, InMemoryLeaderLock>();
            services.AddSingleton<IReplayGuard, InMemoryReplayGuard>();
            services.AddSingleton<IEarlyWarningStore, InMemoryEarlyWarningStore>();
            services.AddHostedService<EmbeddedStoreWarning>();
            return services;
        }

        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPrefix), "Redis:KeyPrefix must not be empty")
            .Validate(o => o.WaitForReplicas >= 0 && o.WaitTimeout > TimeSpan.Zero, "Redis:WaitForReplicas must be 0 or more and Redis:WaitTimeout positive")
            .Validate(o => o.BriefingChannelsMaxAge >= TimeSpan.Zero, "Redis:BriefingChannelsMaxAge must not be negative")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            return new RedisConnection(redis, options.KeyPrefix, () => sp.GetRequiredService<Telemetry.SupportBotMetrics>().RedisFailures.Inc(),
                options.WaitForReplicas, options.WaitTimeout);
        });
        services.AddSingleton<IIncidentStore, RedisIncidentStore>();
        services.AddSingleton<IBriefingChannelStore>(sp => new RedisBriefingChannelStore(sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.BriefingChannelsMaxAge));
        services.AddSingleton<IPostedCardStore, RedisPostedCardStore>();
        services.AddSingleton<IStormStore, RedisStormStore>();
        services.AddSingleton<IOutboxStore>(sp =>
        {
            var outbox = sp.GetRequiredService<IOptions<OutboxOptions>>().Value;
            return new RedisOutboxStore(sp.GetRequiredService<RedisConnection>(), outbox.IdempotencyWindow,
                outbox.DeadLetterLimit, outbox.DeadLetterRetention);
        });
        services.AddSingleton<ITenantBudgetStore, RedisTenantBudgetStore>();
        services.AddSingleton<ISubscriptionStore, RedisSubscriptionStore>();
        services.AddSingleton<ILeaderLock, RedisLeaderLock>();
        services.AddSingleton<IReplayGuard, RedisReplayGuard>();
        services.AddSingleton<IEarlyWarningStore, RedisEarlyWarningStore>();
        return services;
    }

    private sealed class EmbeddedStoreWarning(ILogger<EmbeddedStoreWarning> log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            log.LogWarning("Using the embedded in-process store: incidents, subscriptions and queued messages will not survive a restart. " +
                           "Set ConnectionStrings:Redis to keep them.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
