using Microsoft.Extensions.Options;

namespace SupportBot.Channels;

/// <summary>
/// Outside Development the bot does not chat without a Bot Framework identity, and an identity must have exactly one
/// usable credential: a clear startup error naming the settings instead of an open door or a stack trace.
/// </summary>
public sealed class ChatAccessValidation(IHostEnvironment environment, TimeProvider clock) : IValidateOptions<ChatAccessOptions>
{
    private const string Credentials =
        "MicrosoftAppPassword (a client secret), MicrosoftAppCertificatePath or MicrosoftAppCertificateThumbprint (a certificate), " +
        $"or MicrosoftAppType={ChatAccessOptions.ManagedIdentity} with MicrosoftAppTenantId (a managed identity)";

    public ValidateOptionsResult Validate(string? name, ChatAccessOptions options)
    {
        var errors = options.AllowedServiceUrls.Select(ServiceUrlPolicy.Problem).OfType<string>()
            .Select(p => $"{ChatAccessOptions.Section}:AllowedServiceUrls: {p}.").ToList();
        if (options.MaxActivityBytes <= 0) errors.Add($"{ChatAccessOptions.Section}:MaxActivityBytes must be positive.");
        if (options.HasAppId) errors.AddRange(CredentialProblems(options));
        else if (!environment.IsDevelopment())
            errors.Add("Refusing to start outside Development without a Bot Framework identity: anyone could post activities to /api/messages. " +
                       $"Set MicrosoftAppId (the Azure Bot's app registration) with {Credentials}. Unauthenticated chat (the Emulator) is for Development only.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private IEnumerable<string> CredentialProblems(ChatAccessOptions o)
    {
        if (o.AppType.Length > 0 && !new[] { ChatAccessOptions.MultiTenant, ChatAccessOptions.SingleTenant, ChatAccessOptions.ManagedIdentity }
                .Contains(o.AppType, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"MicrosoftAppType must be {ChatAccessOptions.MultiTenant}, {ChatAccessOptions.SingleTenant} or {ChatAccessOptions.ManagedIdentity}, not '{o.AppType}'.";
            yield break;
        }
        if (o.IsManagedIdentity)
        {
            if (o.HasPassword || o.HasCertificate)
                yield return $"With MicrosoftAppType={ChatAccessOptions.ManagedIdentity} the managed identity is the credential: leave MicrosoftAppPassword and MicrosoftAppCertificate* unset.";
            if (string.IsNullOrWhiteSpace(o.AppTenantId))
                yield return $"MicrosoftAppType={ChatAccessOptions.ManagedIdentity} needs MicrosoftAppTenantId (the tenant of the managed identity).";
            yield break;
        }
        if (string.Equals(o.AppType, ChatAccessOptions.SingleTenant, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(o.AppTenantId))
            yield return $"MicrosoftAppType={ChatAccessOptions.SingleTenant} needs MicrosoftAppTenantId (your tenant id).";
        if (!o.HasPassword && !o.HasCertificate)
        {
            yield return $"MicrosoftAppId is set but has no credential, so the bot could neither check who talks to it nor answer. Set {Credentials}.";
            yield break;
        }
        if (o.HasPassword && o.HasCertificate)
            yield return "MicrosoftAppId has two credentials: set either MicrosoftAppPassword or a certificate (MicrosoftAppCertificatePath/Thumbprint), not both.";
        else if (!string.IsNullOrWhiteSpace(o.CertificatePath) && !string.IsNullOrWhiteSpace(o.CertificateThumbprint))
            yield return "Set MicrosoftAppCertificatePath or MicrosoftAppCertificateThumbprint, not both.";
        else if (o.HasCertificate)
        {
            var (certificate, problem) = BotCertificate.Load(o, clock.GetUtcNow());
            certificate?.Dispose();
            if (problem is not null) yield return problem;
        }
    }
}
