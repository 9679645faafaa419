using SupportBot.Incidents;

namespace SupportBot.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<BriefingQueue>();
        services.AddSingleton<IIncidentChangeSink>(sp => sp.GetRequiredService<BriefingQueue>());
        services.AddSingleton<IChannelMessenger, BotChannelMessenger>();
        services.AddSingleton<BriefingPublisher>();
        services.AddHostedService<BriefingWorker>();
        return services;
    }
}
