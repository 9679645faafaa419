using SupportBot.Conversation;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Digests;

public static class DigestsSetup
{
    /// <summary>
    /// Personal subscriptions: scheduled digests and service pings. Their store (Redis or in-process) is chosen with
    /// the rest of the storage (AddStorage).
    /// </summary>
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IChatSkill, SubscriptionSkill>();
        services.AddSingleton<ICommandWords>(new CommandWords(SubscriptionCommand.Verbs));
        services.AddSingleton<DigestRunner>();
        services.AddHostedService<DigestScheduler>();
        services.AddSingleton<IIncidentChangeSink, ServiceAlerts>();
        services.AddSingleton<IDeadLetterListener, RefusedDigests>();
        services.AddSingleton<ISentListener, DeliveredDigests>();
        return services;
    }
}
