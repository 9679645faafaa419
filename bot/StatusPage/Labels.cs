namespace SupportBot.StatusPage;

/// <summary>The words (for people) and codes (Statuspage's, for machines) of impacts and service states.</summary>
public static class Labels
{
    public static string Impact(Impact impact) => impact switch
    {
        StatusPage.Impact.Critical => "major outage",
        StatusPage.Impact.Major => "partial outage",
        StatusPage.Impact.Minor => "degraded performance",
        _ => "informational",
    };

    public static string Code(Impact impact) => impact.ToString().ToLowerInvariant();

    public static string State(ServiceState state) => state switch
    {
        ServiceState.MajorOutage => "Major outage",
        ServiceState.PartialOutage => "Partial outage",
        ServiceState.DegradedPerformance => "Degraded performance",
        _ => "Operational",
    };

    public static string Code(ServiceState state) => state switch
    {
        ServiceState.MajorOutage => "major_outage",
        ServiceState.PartialOutage => "partial_outage",
        ServiceState.DegradedPerformance => "degraded_performance",
        _ => "operational",
    };

    public static string Overall(ServiceState worst) => worst switch
    {
        ServiceState.Operational => "All systems operational",
        _ => Capitalized(Labels.State(worst)),
    };

    public static string Status(string status) => Capitalized(status);

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
