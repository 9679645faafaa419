using SupportBot.Conversation;

namespace SupportBot.OnCall;

public static class OnCallSetup
{
    /// <summary>On-call commands and card buttons in chat, who may use them, and update reminders.</summary>
    public static IServiceCollection AddOnCall(this IServiceCollection services)
    {
        services.AddOptions<OnCallOptions>().BindConfiguration(OnCallOptions.Section)
            .Validate(o => o.ReminderInterval > TimeSpan.Zero && o.ReminderCheckInterval > TimeSpan.Zero,
                "OnCall:ReminderInterval and OnCall:ReminderCheckInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OnCallRoster>();
        services.AddSingleton<IChatSkill, OnCallSkill>();
        services.AddSingleton<ICommandWords>(new CommandWords(OnCallCommandParser.Commands.SelectMany(c => c.Aliases)));
        services.AddSingleton<UpdateReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<UpdateReminders>());
        return services;
    }
}
