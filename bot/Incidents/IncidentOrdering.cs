using SupportBot.Incidents;

namespace SupportBot.Incidents;

public static class IncidentOrdering
{
    /// <summary>Where an open incident ranks: most severe first, then newest, then highest number (ascending order).</summary>
    public static (int Severity, long NewestFirst, int HighestFirst) OpenRank(Incident incident) =>
        ((int)incident.Severity, -incident.StartedAt.UtcTicks, -incident.Number);

    /// <summary>
    /// The same rank as a Redis sorted-set score, read highest first (ZREVRANGE): severity, then start time in ms.
    /// Ties fall to the member, the zero-padded number, so the higher number comes first as above.
    /// </summary>
    public static double OpenScore(Incident incident) => OpenScores(incident.Severity).From + incident.StartedAt.ToUnixTimeMilliseconds();

    /// <summary>
    /// The scores of each severity's open incidents, indexed by the severity's value: from (inclusive) to (exclusive),
    /// each band above every less severe one.
    /// </summary>
    public static IReadOnlyList<(double From, double To)> OpenScoreBands { get; } = Enum.GetValues<Alerts.Severity>().Select(OpenScores).ToList();

    private static (double From, double To) OpenScores(Alerts.Severity severity)
    {
        const double band = 1e13; // more than any start time in ms
        var rank = (int)Alerts.Severity.Info - (int)severity;
        return (rank * band, (rank + 1) * band);
    }

    /// <summary>Open incidents first (most severe, then newest), then resolved ones, newest first.</summary>
    public static List<Incident> Sort(IEnumerable<Incident> incidents) =>
        incidents
            .OrderBy(i => i.IsOpen ? 0 : 1)
            .ThenBy(i => i.IsOpen ? (int)i.Severity : 0)
            .ThenByDescending(i => i.StartedAt)
            .ThenByDescending(i => i.Number)
            .ToList();

    /// <summary>When a resolved incident resolved, as the stores index it (its start, should a resolve time be missing).</summary>
    public static DateTimeOffset ResolvedOrStarted(Incident incident) => incident.ResolvedAt ?? incident.StartedAt;
}
