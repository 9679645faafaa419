using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace SupportBot.Channels;

/// <summary>
/// At start: builds the Bot Framework authentication (so a credential the SDK cannot use fails the start, not the
/// first message) and logs which identity and kind of credential the bot chats with — never the secret itself.
/// </summary>
public sealed class BotIdentityAnnouncement(IServiceProvider services, IOptions<ChatAccessOptions> options, ILogger<BotIdentityAnnouncement> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<BotFrameworkAuthentication>();
        var o = options.Value;
        if (!o.HasAppId) log.LogWarning("Bot Framework identity: none; /api/messages takes unauthenticated activities (Development only)");
        else log.LogInformation("Bot Framework identity: app {AppId} ({AppType}) with {Credential}", o.AppId,
            string.IsNullOrEmpty(o.AppType) ? ChatAccessOptions.MultiTenant : o.AppType, Credential(o));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Credential(ChatAccessOptions o)
    {
        if (o.IsManagedIdentity) return $"a managed identity in tenant {o.AppTenantId}";
        if (o.HasPassword) return "a client secret";
        var (certificate, _) = BotCertificate.Load(o, DateTimeOffset.UtcNow);
        using (certificate)
            return certificate is null ? "a certificate" : $"a certificate {certificate.Subject} (thumbprint {certificate.Thumbprint}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC)";
    }
}
