using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace SupportBot.Channels;

public static class ChannelsSetup
{
    /// <summary>
    /// What talks to Teams and Slack: the bot's identity, the connector clients (one per app id, service URL and
    /// audience) and the messenger the outbox sends through. Credentials come from the configuration root
    /// (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId) as in every Bot Framework sample,
    /// or a certificate (MicrosoftAppCertificatePath or MicrosoftAppCertificateThumbprint) instead of the secret.
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
            o.AppTenantId = configuration["MicrosoftAppTenantId"] ?? "";
            o.CertificatePath = configuration["MicrosoftAppCertificatePath"] ?? "";
            o.CertificatePassword = configuration["MicrosoftAppCertificatePassword"] ?? "";
            o.CertificateThumbprint = configuration["MicrosoftAppCertificateThumbprint"] ?? "";
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatAccessOptions>, ChatAccessValidation>();
        services.AddSingleton(sp => new ServiceUrlPolicy(
            sp.GetRequiredService<IOptions<ChatAccessOptions>>().Value.ServiceUrlPatterns,
            allowLoopback: sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddSingleton(new BotIdentity(configuration["MicrosoftAppId"] ?? ""));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConnectorClientCache(new ConfigurationBotFrameworkAuthentication(
            configuration,
            credentialsFactory: CertificateCredentials(sp),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));
        services.AddHostedService<BotIdentityAnnouncement>();
        services.AddSingleton<IChannelMessenger, BotChannelMessenger>();
        // Who gets which briefings: channels that subscribed in chat, and the routes an admin configured.
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingValidation>();
        services.AddSingleton<BriefingAudience>();
        return services;
    }

    /// <summary>The certificate credential when one is configured; otherwise null, and the SDK reads the secret or managed identity from configuration.</summary>
    private static ServiceClientCredentialsFactory? CertificateCredentials(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<ChatAccessOptions>>().Value;
        if (!options.HasAppId || !options.HasCertificate) return null;
        var (certificate, problem) = BotCertificate.Load(options, sp.GetRequiredService<TimeProvider>().GetUtcNow());
        if (certificate is null) throw new InvalidOperationException(problem);   // validated at start; only a file changed since
        return new CertificateServiceClientCredentialsFactory(
            certificate, options.AppId, string.IsNullOrWhiteSpace(options.AppTenantId) ? null : options.AppTenantId,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(), sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>());
    }
}
