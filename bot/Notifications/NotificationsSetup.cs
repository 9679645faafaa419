using SupportBot.Incidents;

namespace SupportBot.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<BriefingPublisher>();
        services.AddSingleton<IIncidentChangeSink>(sp => sp.GetRequiredService<BriefingPublisher>());
        services.AddSingleton<IChannelMessenger, BotChannelMessenger>();
        services.AddSingleton<BriefingReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<BriefingReconciler>());
        return services;
    }
}
