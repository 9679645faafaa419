using SupportBot.OutgoingCalls;

namespace SupportBot.Redaction;

public static class RedactionSetup
{
    public static IServiceCollection AddRedaction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedactionOptions>().Bind(configuration.GetSection(RedactionOptions.Section))
            .Validate(o => o.AzureLanguage.TimeoutSeconds > 0, "Redaction:AzureLanguage:TimeoutSeconds must be positive.")
            .Validate(o => o.AzureLanguage.CacheFor > TimeSpan.Zero, "Redaction:AzureLanguage:CacheFor must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.AzureLanguage.Endpoint) || Uri.TryCreate(o.AzureLanguage.Endpoint, UriKind.Absolute, out _),
                "Redaction:AzureLanguage:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        services.AddResilientClient<AzurePiiClient>(Telemetry.Dependencies.AzureLanguage,
            sp => TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedactionOptions>>().Value.AzureLanguage.TimeoutSeconds));
        services.AddSingleton<IRedactor, Redactor>();
        return services;
    }
}
