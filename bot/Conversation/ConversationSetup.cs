using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace SupportBot.Conversation;

public static class ConversationSetup
{
    /// <summary>
    /// The CloudAdapter and the bot. Credentials come from the configuration root (MicrosoftAppId, MicrosoftAppPassword,
    /// MicrosoftAppType, MicrosoftAppTenantId) as in every Bot Framework sample; with no MicrosoftAppId the adapter
    /// accepts unauthenticated local traffic, with one it validates every incoming token.
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient();
        services.AddSingleton(new BotIdentity(configuration["MicrosoftAppId"] ?? ""));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>()));
        services.AddSingleton<CloudAdapter, SupportBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddSingleton<IChatSkill, ChannelSubscriptionSkill>();
        services.AddSingleton<IChatSkill, StatusSkill>();
        services.AddTransient<IBot, SupportBotHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(request, response, bot, ct));
        return app;
    }
}
