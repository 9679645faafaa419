namespace SupportBot.Incidents;

public sealed class IncidentOptions
{
    public const string Section = "Incidents";

    /// <summary>How long after a manual resolve an alert firing again reopens the incident instead of opening a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(2);
}
