using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace SupportBot.Channels;

public static class ChannelsSetup
{
    /// <summary>
    /// What talks to Teams and Slack: the bot's identity, the connector clients (one per app id, service URL and
    /// audience) and the messenger the outbox sends through. Credentials come from the configuration root
    /// (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId) as in every Bot Framework sample.
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient();
        services.AddSingleton(new BotIdentity(configuration["MicrosoftAppId"] ?? ""));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConnectorClientCache(new ConfigurationBotFrameworkAuthentication(
            configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));
        services.AddSingleton<IChannelMessenger, BotChannelMessenger>();
        return services;
    }
}
