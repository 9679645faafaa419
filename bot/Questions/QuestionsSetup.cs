using SupportBot.Conversation;

namespace SupportBot.Questions;

public static class QuestionsSetup
{
    public static IServiceCollection AddQuestions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuestionsOptions>().Bind(configuration.GetSection(QuestionsOptions.Section))
            .Validate(o => o.NextUpdateMinutes > 0, "Questions:NextUpdateMinutes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ServiceDirectory>();
        services.AddSingleton<IChatSkill, QuestionSkill>();
        return services;
    }
}
