using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.StatusPage;

namespace SupportBot.Tests.StatusPage;

/// <summary>Stored incidents as the engine makes them, for the status page's pure parts.</summary>
internal static class Incidents
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly ServiceCatalog Services = new(
    [
        new PublicServiceOptions { Service = "checkout-api", Name = "Checkout" },
        new PublicServiceOptions { Service = "search-api", Name = "Search" },
    ]);

    public static Incident Open(int number, string service, Severity severity, DateTimeOffset startedAt, string? title = null) => new()
    {
        Number = number,
        GroupKey = $"group-{number}",
        Title = title ?? $"{service} is failing",
        Service = service,
        Severity = severity,
        Status = IncidentStatus.Investigating,
        StartedAt = startedAt,
        Timeline = [new IncidentEvent(startedAt, IncidentEventKind.Opened, $"{title ?? service} (1 alert firing)")],
    };

    public static Incident Resolved(int number, string service, Severity severity, DateTimeOffset startedAt, DateTimeOffset resolvedAt) =>
        Open(number, service, severity, startedAt) with
        {
            Status = IncidentStatus.Resolved,
            ResolvedAt = resolvedAt,
            Timeline =
            [
                new IncidentEvent(startedAt, IncidentEventKind.Opened, "opened"),
                new IncidentEvent(resolvedAt, IncidentEventKind.Resolved, "All alerts resolved"),
            ],
        };

    public static StatusSnapshot Snapshot(params Incident[] incidents) =>
        StatusDerivation.Derive(incidents, Services, "Example status", "https://status.example.com", 30, Now, Now.AddDays(-60));
}
