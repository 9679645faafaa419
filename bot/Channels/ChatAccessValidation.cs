using Microsoft.Extensions.Options;

namespace SupportBot.Channels;

/// <summary>Outside Development the bot does not chat without a Bot Framework identity: a clear startup error instead.</summary>
public sealed class ChatAccessValidation(IHostEnvironment environment) : IValidateOptions<ChatAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatAccessOptions options)
    {
        var errors = options.AllowedServiceUrls.Select(ServiceUrlPolicy.Problem).OfType<string>()
            .Select(p => $"{ChatAccessOptions.Section}:AllowedServiceUrls: {p}.").ToList();
        if (options.MaxActivityBytes <= 0) errors.Add($"{ChatAccessOptions.Section}:MaxActivityBytes must be positive.");
        if (!environment.IsDevelopment() && !options.HasIdentity)
            errors.Add("Refusing to start outside Development without a Bot Framework identity: anyone could post activities to /api/messages. " +
                       "Set MicrosoftAppId with MicrosoftAppPassword (the Azure Bot's app registration and a client secret), or MicrosoftAppId " +
                       $"with MicrosoftAppType={ChatAccessOptions.ManagedIdentity} (a managed identity). Unauthenticated chat (the Emulator) is for Development only.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
