namespace SupportBot.Cards;

/// <summary>
/// A major event in one channel: the incidents that opened during an alert storm, shown on one card instead of one
/// card each. <see cref="Incidents"/> come most severe first (open ones before resolved ones).
/// </summary>
public sealed record RollUpModel(IReadOnlyList<BriefingModel> Incidents)
{
    /// <summary>Incidents listed one by one; the rest are counted ("…and 488 more").</summary>
    public const int MaxListed = 12;

    /// <summary>Services named in the headline; the rest are counted.</summary>
    public const int MaxServices = 5;

    public bool IsResolved => Incidents.All(i => i.IsResolved);

    /// <summary>"Major event: 12 incidents, 3 critical, services checkout-api, orders-api and 2 more" (plain text, not escaped).</summary>
    public string Headline
    {
        get
        {
            var critical = Incidents.Count(i => string.Equals(i.Severity, "critical", StringComparison.OrdinalIgnoreCase));
            var services = Incidents.Select(i => i.Service).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var named = string.Join(", ", services.Take(MaxServices).Select(s => CardLimits.Truncate(s, 60)));
            if (services.Count > MaxServices) named += $" and {services.Count - MaxServices} more";
            return $"Major event: {Incidents.Count:N0} incident{(Incidents.Count == 1 ? "" : "s")}" +
                   (critical > 0 ? $", {critical:N0} critical" : "") +
                   $", service{(services.Count == 1 ? "" : "s")} {named}";
        }
    }

    /// <summary>"9 open, 3 resolved", or "all 12 resolved".</summary>
    public string Progress
    {
        get
        {
            var resolved = Incidents.Count(i => i.IsResolved);
            return resolved == Incidents.Count ? $"All {resolved:N0} resolved" : $"{Incidents.Count - resolved:N0} open, {resolved:N0} resolved";
        }
    }

    /// <summary>The most severe severity among the open incidents (or of all, once resolved): the card's colour.</summary>
    public string Severity => (Incidents.FirstOrDefault(i => !i.IsResolved) ?? Incidents.FirstOrDefault())?.Severity ?? "info";

    /// <summary>"INC-42 · CRITICAL · Investigating": one incident's line prefix (plain text).</summary>
    public static string Line(BriefingModel i) => $"{i.IncidentId} · {i.Severity.ToUpperInvariant()} · {i.StateText}";
}
