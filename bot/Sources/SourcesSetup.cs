using Microsoft.Extensions.Options;
using SupportBot.Sources.Auth;

namespace SupportBot.Sources;

public static class SourcesSetup
{
    /// <summary>The monitoring sources the webhook endpoint knows, and their (validated) configuration.</summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidation>();
        services.AddSingleton<IAlertSource, Alertmanager.AlertmanagerSource>();
        services.AddSingleton<IAlertSource, Grafana.GrafanaSource>();
        services.AddSingleton<IAlertSource, Datadog.DatadogSource>();
        services.AddSingleton<IAlertSource, AzureMonitor.AzureMonitorSource>();
        services.AddSingleton<IAlertSource, Zabbix.ZabbixSource>();
        services.AddSingleton<IAlertSource, Nagios.NagiosSource>();
        services.AddSingleton<SourceCatalog>();
        services.AddSingleton<RepeatedWebhooks>();
        return services;
    }
}
