namespace SupportBot.Incidents;

public sealed class IncidentOptions
{
    public const string Section = "Incidents";

    /// <summary>How long after a manual resolve an alert firing again reopens the incident instead of opening a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a resolved incident is kept after it resolved; then it leaves the store, with its cards' records.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
