using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>Pure: stored incidents + public services + now → the public status.</summary>
/// <remarks><c>publishedSince</c> is the Last-Modified of a page that has no incident to show.</remarks>
public static class StatusDerivation
{
    public static StatusSnapshot Derive(IEnumerable<Incident> incidents, ServiceCatalog services, string title, string baseUrl,
        int historyDays, DateTimeOffset now, DateTimeOffset publishedSince)
    {
        var windowStart = now - TimeSpan.FromDays(historyDays);
        var visible = incidents
            .Select(i => PublicProjection.Project(i, services))
            .OfType<PublicIncident>()
            .Where(i => i.IsOpen || i.ResolvedAt >= windowStart)
            .ToList();

        var open = visible.Where(i => i.IsOpen)
            .OrderByDescending(i => i.Impact).ThenByDescending(i => i.StartedAt).ToList();
        var recent = visible.Where(i => !i.IsOpen)
            .OrderByDescending(i => i.ResolvedAt).ThenByDescending(i => i.StartedAt).ToList();

        var statuses = services.All.Select(s =>
        {
            var mine = visible.Where(i => i.Service.Id == s.Id).ToList();
            var worst = mine.Where(i => i.IsOpen).Select(i => PublicProjection.StateOf(i.Impact)).DefaultIfEmpty(ServiceState.Operational).Max();
            var updated = mine.Count == 0 ? (DateTimeOffset?)null : mine.Max(i => i.UpdatedAt);
            return new ServiceStatus(s, worst, Uptime.Of(mine, windowStart, now), updated);
        }).ToList();

        return new StatusSnapshot
        {
            Title = title,
            BaseUrl = baseUrl.TrimEnd('/'),
            UpdatedAt = visible.Count > 0 ? visible.Max(i => i.UpdatedAt) : publishedSince,
            Indicator = open.Select(i => i.Impact).DefaultIfEmpty(Impact.None).Max(),
            Worst = statuses.Select(s => s.State).DefaultIfEmpty(ServiceState.Operational).Max(),
            Services = statuses,
            Open = open,
            Recent = recent,
            HistoryDays = historyDays,
        };
    }
}
