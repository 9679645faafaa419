using SupportBot.Conversation;
using SupportBot.Incidents;

namespace SupportBot.Digests;

public static class DigestsSetup
{
    /// <summary>Personal subscriptions: scheduled digests and service pings. The store comes from AddStorage.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
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
