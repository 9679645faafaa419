using SupportBot.Conversation;
using SupportBot.Incidents;

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
        services.AddSingleton(_ => new ServiceAlertQueue());
        services.AddSingleton<IIncidentChangeSink>(sp => sp.GetRequiredService<ServiceAlertQueue>());
        services.AddHostedService<ServiceAlertWorker>();
        return services;
    }
}
