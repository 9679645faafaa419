namespace SupportBot.Storage;

public static class StorageSetup
{
    /// <summary>The embedded in-process store: `dotnet run` works with nothing else installed.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IIncidentStore, InMemoryIncidentStore>();
        services.AddSingleton<IChannelStore, InMemoryChannelStore>();
        services.AddSingleton<Digests.ISubscriptionStore, Digests.InMemorySubscriptionStore>();
        services.AddSingleton<Coordination.ILeaderLock, Coordination.InMemoryLeaderLock>();
        services.AddHostedService<EmbeddedStoreWarning>();
        return services;
    }

    private sealed class EmbeddedStoreWarning(ILogger<EmbeddedStoreWarning> log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            log.LogWarning("Using the embedded in-process store: incidents and subscriptions will not survive a restart. " +
                           "Set ConnectionStrings:Redis to keep them.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
