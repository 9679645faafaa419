using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.EarlyWarning;

public static class EarlyWarningSetup
{
    /// <summary>Signals → Prometheus → forecast → warnings (leader only); cards through <see cref="IEarlyWarningSink"/>s.</summary>
    public static IServiceCollection AddEarlyWarning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EarlyWarningOptions>().Bind(configuration.GetSection(EarlyWarningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EarlyWarningOptions>, EarlyWarningOptionsValidation>();
        services.AddHttpClient<PrometheusClient>();
        services.AddSingleton<SignalEvaluator>(sp => new SignalEvaluator(sp.GetRequiredService<PrometheusClient>(), sp.GetRequiredService<IOptions<EarlyWarningOptions>>()));
        services.AddSingleton<SignalHealth>();
        services.AddSingleton<EarlyWarningMonitor>();
        services.AddSingleton<WarningActions>();
        services.AddSingleton<IIncidentChangeSink, IncidentLink>();
        services.AddHostedService<EarlyWarningScheduler>();
        return services;
    }
}
