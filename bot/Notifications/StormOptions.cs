namespace SupportBot.Notifications;

/// <summary>When a channel gets one major-event roll-up card instead of a card per incident (section "Storm").</summary>
public sealed class StormOptions
{
    public const string Section = "Storm";

    /// <summary>More new incidents than this within <see cref="Window"/> into one channel make a storm there.</summary>
    public int Threshold { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);
}
