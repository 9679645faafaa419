using SupportBot.Incidents;

namespace SupportBot.Storage;

public static class IncidentOrdering
{
    /// <summary>Open incidents first (most severe, then newest), then resolved ones, newest first.</summary>
    public static List<Incident> Sort(IEnumerable<Incident> incidents) =>
        incidents
            .OrderBy(i => i.IsOpen ? 0 : 1)
            .ThenBy(i => i.IsOpen ? (int)i.Severity : 0)
            .ThenByDescending(i => i.StartedAt)
            .ThenByDescending(i => i.Number)
            .ToList();
}
