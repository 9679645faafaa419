using SupportBot.Incidents;
using Microsoft.Extensions.Options;

namespace SupportBot.StatusPage;

public static class StatusPageSetup
{
    public static IServiceCollection AddStatusPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusPageOptions>().Bind(configuration.GetSection(StatusPageOptions.Section))
            .Validate(o => o.HistoryDays is > 0 and <= 366, "StatusPage:HistoryDays must be between 1 and 366")
            .Validate<IOptions<SupportBot.Incidents.IncidentOptions>>((o, incidents) => o.HistoryDays <= incidents.Value.Retention.TotalDays,
                "StatusPage:HistoryDays must not be longer than Incidents:Retention (older incidents are no longer kept)")
            .Validate(o => o.CacheSeconds is >= 0 and <= 3600, "StatusPage:CacheSeconds must be between 0 and 3600")
            .Validate(o => o.RequestsPerMinute > 0, "StatusPage:RequestsPerMinute must be positive")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _),
                "StatusPage:PublicUrl must be an absolute URL")
            .ValidateOnStart();
        services.AddSingleton(sp => new ServiceCatalog(sp.GetRequiredService<IOptions<StatusPageOptions>>().Value.Services));
        services.AddSingleton<StatusPageService>();
        services.AddSingleton<IIncidentLinks, StatusPageIncidentLinks>();   // cards link incidents to their anchor on the page
        return services.AddPublicTraffic(configuration);
    }
}
