namespace SupportBot.Incidents;

public static class IncidentsSetup
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section)
            .Validate(o => o.Retention >= TimeSpan.FromDays(1), "Incidents:Retention must be at least one day (1.00:00:00)")
            .Validate(o => o.FlapChanges >= 2, "Incidents:FlapChanges must be at least 2 (a fire and a resolve)")
            .Validate(o => o.FlapWindow > TimeSpan.Zero && o.FlapQuietPeriod > TimeSpan.Zero && o.FlapCheckInterval > TimeSpan.Zero
                           && o.FlapUpdateInterval >= TimeSpan.Zero,
                "Incidents:FlapWindow, FlapQuietPeriod and FlapCheckInterval must be positive durations (e.g. 00:20:00), FlapUpdateInterval not negative")
            .ValidateOnStart();
        services.AddSingleton<IncidentEngine>();
        services.AddSingleton<IncidentCommands>();
        // One for the leader's periodic jobs together: the first of them reads every open incident, the others catch up.
        services.AddSingleton<OpenIncidentsWatch>();
        services.AddSingleton<IIncidentChangeSink, IncidentMetrics>();
        services.AddSingleton<Telemetry.IScrapeGauge, OpenIncidentsGauge>();
        return services;
    }
}
