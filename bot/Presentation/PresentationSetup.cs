namespace SupportBot.Presentation;

public static class PresentationSetup
{
    /// <summary>The presenter every answer and briefing is made by (incident → card model, redacted once, → reply for the channel).</summary>
    public static IServiceCollection AddPresentation(this IServiceCollection services)
    {
        services.AddSingleton<IncidentPresenter>();
        services.AddSingleton<WarningIncidents>();   // which incident an early-warning card links to
        return services;
    }
}
