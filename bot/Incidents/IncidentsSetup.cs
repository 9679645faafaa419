namespace SupportBot.Incidents;

public static class IncidentsSetup
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section)
            .Validate(o => o.Retention >= TimeSpan.FromDays(1), "Incidents:Retention must be at least one day (1.00:00:00)")
            .ValidateOnStart();
        services.AddSingleton<IncidentEngine>();
        services.AddSingleton<IncidentCommands>();
        return services;
    }
}
