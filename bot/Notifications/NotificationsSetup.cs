using SupportBot.EarlyWarning;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<StormOptions>().BindConfiguration(StormOptions.Section)
            .Validate(o => o.Threshold >= 1 && o.Window > TimeSpan.Zero, "Storm:Threshold must be at least 1 and Storm:Window a positive duration (e.g. 00:02:00)")
            .ValidateOnStart();
        services.AddSingleton<MajorEvents>();
        services.AddSingleton<ILatestMessageSource, LatestRollUp>();
        services.AddSingleton<IFirstPostGate, StormDiversion>();
        services.AddSingleton<BriefingPublisher>();
        services.AddSingleton<IIncidentChangeSink>(sp => sp.GetRequiredService<BriefingPublisher>());
        services.AddSingleton<ILatestMessageSource, LatestBriefing>();
        services.AddSingleton<IEarlyWarningSink, EarlyWarningPublisher>();
        services.AddSingleton<ILatestMessageSource, LatestWarning>();
        services.AddSingleton<BriefingReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<BriefingReconciler>());
        services.AddSingleton<FlappingCards>();
        services.AddHostedService(sp => sp.GetRequiredService<FlappingCards>());
        services.AddSingleton<IncidentRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<IncidentRetention>());
        return services;
    }
}
