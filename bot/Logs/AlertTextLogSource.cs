namespace SupportBot.Logs;

/// <summary>The first source: what the alerts themselves said (their description and summaries), when the service has an incident.</summary>
public sealed class AlertTextLogSource : ILogSource
{
    public string Name => "alert";

    public Task<LogBatch> FetchAsync(LogQuery query, int limit, CancellationToken ct)
    {
        if (query.Incident is not { } incident) return Task.FromResult(new LogBatch(Name, []));
        var lines = new List<LogLine>();
        if (!string.IsNullOrWhiteSpace(incident.Description)) lines.Add(new LogLine(incident.StartedAt, incident.Description!));
        foreach (var alert in incident.Alerts.OrderByDescending(a => a.StartsAt))
        {
            var state = alert.Status == Alerts.AlertStatus.Firing ? "firing" : "resolved";
            lines.Add(new LogLine(alert.StartsAt, $"{incident.Id} alert {state}: {alert.Summary}"));
        }
        return Task.FromResult(new LogBatch(Name, lines.Take(limit).ToList()));
    }
}
