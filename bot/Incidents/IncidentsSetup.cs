namespace SupportBot.Incidents;

public static class IncidentsSetup
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section);
        services.AddSingleton<IncidentEngine>();
        services.AddSingleton<IncidentCommands>();
        services.AddSingleton<IIncidentChangeSink, IncidentMetrics>();
        services.AddSingleton<Telemetry.IScrapeGauge, OpenIncidentsGauge>();
        return services;
    }
}
