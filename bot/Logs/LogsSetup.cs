using SupportBot.OutgoingCalls;

namespace SupportBot.Logs;

public static class LogsSetup
{
    /// <summary>Log sources in the order they are asked: the alerts' own texts, then Loki. Add more as ILogSource.</summary>
    public static IServiceCollection AddLogs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogsOptions>().Bind(configuration.GetSection(LogsOptions.Section))
            .Validate(o => o.MaxLines > 0 && o.MaxChars > 0 && o.MaxLineChars > 0, "Logs:MaxLines, MaxChars and MaxLineChars must be positive.")
            .Validate(o => o.DefaultMinutes > 0 && o.TimeoutSeconds > 0, "Logs:DefaultMinutes and TimeoutSeconds must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.LokiUrl) || Uri.TryCreate(o.LokiUrl, UriKind.Absolute, out _), "Logs:LokiUrl must be an absolute URL.")
            .Validate(o => string.IsNullOrWhiteSpace(o.GrafanaUrl) || Uri.TryCreate(o.GrafanaUrl, UriKind.Absolute, out _), "Logs:GrafanaUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<ILogSource, AlertTextLogSource>();
        services.AddResilientClient<LokiClient>(Telemetry.Dependencies.Loki,
            sp => TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LogsOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<LokiLogSource>();
        services.AddSingleton<ILogSource>(sp => sp.GetRequiredService<LokiLogSource>());
        services.AddSingleton<LogSnippets>();
        return services;
    }
}
