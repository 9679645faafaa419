using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

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
        // Outside Development a Bot Framework identity is required; activities and sends only at allowed service URLs.
        services.AddOptions<ChatAccessOptions>().Bind(configuration.GetSection(ChatAccessOptions.Section)).Configure(o =>
        {
            o.AppId = configuration["MicrosoftAppId"] ?? "";
            o.AppPassword = configuration["MicrosoftAppPassword"] ?? "";
            o.AppType = configuration["MicrosoftAppType"] ?? "";
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatAccessOptions>, ChatAccessValidation>();
        services.AddSingleton(sp => new ServiceUrlPolicy(
            sp.GetRequiredService<IOptions<ChatAccessOptions>>().Value.ServiceUrlPatterns,
            allowLoopback: sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddSingleton(new BotIdentity(configuration["MicrosoftAppId"] ?? ""));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConnectorClientCache(new ConfigurationBotFrameworkAuthentication(
            configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));
        services.AddSingleton<IChannelMessenger, BotChannelMessenger>();
        return services;
    }
}
