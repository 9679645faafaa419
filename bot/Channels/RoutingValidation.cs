using Microsoft.Extensions.Options;

namespace SupportBot.Channels;

/// <summary>A route that could never deliver (no conversation, an unknown severity, a service URL the bot may not send to) stops the start, naming the setting.</summary>
public sealed class RoutingValidation(IHostEnvironment environment, IOptions<ChatAccessOptions> access) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        var serviceUrls = new Lazy<ServiceUrlPolicy?>(() =>
            access.Value.ServiceUrlPatterns.All(p => ServiceUrlPolicy.Problem(p) is null)
                ? new ServiceUrlPolicy(access.Value.ServiceUrlPatterns, environment.IsDevelopment())
                : null);   // Bot:AllowedServiceUrls has its own error
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            var at = $"{RoutingOptions.Section}:Routes:{i}";
            if (string.IsNullOrWhiteSpace(route.Service))
                errors.Add($"{at}:Service is required: a service as alerts name it, several separated by commas, or * for every service.");
            else if (ChannelFilterText.Parse(route.FilterWords()).Problem is { } problem)
                errors.Add($"{at}:{(problem.Contains("severity", StringComparison.OrdinalIgnoreCase) ? "MinSeverity" : "Service")}: {Plain(problem)}");
            if (string.IsNullOrWhiteSpace(route.Conversation))
                errors.Add($"{at}:Conversation is required: the conversation id the bot posts to (a Teams channel's 19:…@thread.tacv2).");
            else if (route.Conversation.Length > 500 || route.Conversation.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                errors.Add($"{at}:Conversation is not a conversation id (no spaces; at most 500 characters).");
            if (string.IsNullOrWhiteSpace(route.ChannelId) || !route.ChannelId.All(char.IsAsciiLetterLower))
                errors.Add($"{at}:ChannelId must be a Bot Framework channel id such as {ChannelIds.Msteams} or {ChannelIds.Slack}.");
            else if (route.EffectiveServiceUrl.Length == 0)
                errors.Add($"{at}:ServiceUrl is required for channel '{route.ChannelId}' (only {ChannelIds.Msteams} and {ChannelIds.Slack} have a default).");
            else if (serviceUrls.Value is { } policy && !policy.Allows(route.EffectiveServiceUrl))
                errors.Add($"{at}:ServiceUrl '{route.EffectiveServiceUrl}' is not one of Bot:AllowedServiceUrls, so the bot would never send there.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Plain(string chatText) => chatText.Replace("**", "");
}
