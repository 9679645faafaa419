namespace SupportBot.Incidents;

public sealed class IncidentOptions
{
    public const string Section = "Incidents";

    /// <summary>How long after a manual resolve an alert firing again reopens the incident instead of opening a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>This many state changes (firing ↔ all resolved) within <see cref="FlapWindow"/> make an incident flapping.</summary>
    public int FlapChanges { get; set; } = 4;

    /// <summary>
    /// The window flaps are counted in; also how long after monitoring resolved an incident its alerts firing again bring
    /// the same incident back instead of opening a new one.
    /// </summary>
    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>While an incident flaps, its cards are updated at most this often.</summary>
    public TimeSpan FlapUpdateInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A flapping incident with no state change for this long stops flapping (and resolves if nothing fires).</summary>
    public TimeSpan FlapQuietPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the leader looks for flapping incidents that went quiet or have a card update due.</summary>
    public TimeSpan FlapCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public FlapRules FlapRules => new(FlapChanges, FlapWindow, FlapUpdateInterval, FlapQuietPeriod);

    /// <summary>How long a resolved incident is kept after it resolved; then it leaves the store, with its cards' records.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
