using SupportBot.Channels;

namespace SupportBot.Outbox;

public static class OutboxSetup
{
    /// <summary>The outbox pipeline; its store (Redis or in-process) is chosen with the rest of the storage.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.MaxAttempts >= 1, "Outbox:MaxAttempts must be at least 1")
            .Validate(o => o.Parallelism >= 1, "Outbox:Parallelism must be at least 1")
            .Validate(o => o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay, "Outbox:BaseDelay must be positive and at most Outbox:MaxDelay")
            .Validate(o => o.SendTimeout > TimeSpan.Zero && o.Lease > o.SendTimeout * 2, "Outbox:Lease must be more than twice Outbox:SendTimeout")
            .Validate(o => o.RepostAfter is null || o.RepostAfter > TimeSpan.Zero, "Outbox:RepostAfter must be positive")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.ReconcileInterval > TimeSpan.Zero, "Outbox intervals must be positive")
            .Validate(o => o.TenantRequestsPerSecond >= 0, "Outbox:TenantRequestsPerSecond must be 0 (not paced) or more")
            .Validate(o => o.DeadLetterLimit >= 1 && o.DeadLetterRetention > TimeSpan.Zero, "Outbox:DeadLetterLimit and Outbox:DeadLetterRetention must be positive")
            .ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ChannelOutbox>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<TenantPacer>();
        services.AddSingleton<ICardSightings, OlderCardCopies>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<Telemetry.IScrapeGauge, OutboxPendingGauge>();
        services.AddSingleton<Microsoft.Bot.Builder.IMiddleware, TurnRepliesPacing>();
        return services;
    }
}
