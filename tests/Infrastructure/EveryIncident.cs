// In the bot's namespace so that tests asserting on "every stored incident" read as before; the bot itself never
// lists every incident (the store answers the questions asked), so this lives in the tests only.
namespace SupportBot.Incidents;

public static class EveryIncident
{
    /// <summary>Every stored incident: open first (most severe, then newest), then resolved ones newest first.</summary>
    public static async Task<IReadOnlyList<Incident>> ListAsync(this IIncidentStore store, CancellationToken ct) =>
        IncidentOrdering.Sort(await store.ListRecentAsync(int.MaxValue, null, ct));
}
