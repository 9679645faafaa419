using System.Collections.Concurrent;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SupportBot.Conversation;

/// <summary>
/// Whether the Bot Framework sign-in metadata (the OpenID configuration and signing keys a token is checked against)
/// can be fetched. The CloudAdapter answers "metadata unreachable" with the same bare 401 as "forged token"; this
/// asks the same endpoint the adapter uses (ToBotFromChannelOpenIdMetadataUrl, or the Emulator's for its tokens), the
/// same way (HTTPS only, cached by Microsoft.IdentityModel's ConfigurationManager), so a refused token can be told
/// apart. A failure is remembered for <see cref="FailureMemory"/>, so refused tokens do not each cost a fetch.
/// </summary>
public sealed class SignInMetadata(IConfiguration configuration, IHttpClientFactory clients, TimeProvider clock, ILogger<SignInMetadata> log)
{
    public const string HttpClientName = "bot-framework-sign-in-metadata";
    public static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedUntil = new();

    /// <summary>True when the metadata this bearer token would be checked against cannot be fetched now.</summary>
    public async Task<bool> IsUnreachableForAsync(string? authorization, CancellationToken ct)
    {
        if (MetadataUrlFor(authorization) is not { } url) return false;
        if (_failedUntil.TryGetValue(url, out var until) && until > clock.GetUtcNow()) return true;
        try
        {
            await _managers.GetOrAdd(url, Manager).GetConfigurationAsync(ct);
            return false;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _failedUntil[url] = clock.GetUtcNow() + FailureMemory;
            log.LogWarning("Cannot verify Bot Framework tokens: the sign-in metadata at {Url} could not be fetched ({Reason})", url, e.GetBaseException().Message);
            return true;
        }
    }

    /// <summary>Recognises an exception from fetching the metadata, should the adapter let one escape.</summary>
    public static bool IsUnavailable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException or TaskCanceledException { InnerException: TimeoutException }) return true;
            // Microsoft.IdentityModel's ConfigurationManager: "IDX20803: Unable to obtain configuration from: …".
            if (x.Message.Contains("IDX20803", StringComparison.Ordinal) || x.Message.Contains("IDX20804", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The channel's metadata for Bot Framework tokens, the Emulator's for Entra ID ones; null for a token no metadata could accept.</summary>
    private string? MetadataUrlFor(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        string issuer;
        try { issuer = new JsonWebToken(authorization["Bearer ".Length..].Trim()).Issuer; }
        catch (ArgumentException) { return null; }   // not a JWT at all: refused for what it is
        if (issuer == AuthenticationConstants.ToBotFromChannelTokenIssuer)
            return configuration["ToBotFromChannelOpenIdMetadataUrl"] is { Length: > 0 } channel ? channel : AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
        if (issuer.StartsWith("https://sts.windows.net/", StringComparison.Ordinal) || issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal))
            return configuration["ToBotFromEmulatorOpenIdMetadataUrl"] is { Length: > 0 } emulator ? emulator : AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl;
        return null;
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(string url) =>
        new(url, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(clients.CreateClient(HttpClientName)) { RequireHttps = true });
}
