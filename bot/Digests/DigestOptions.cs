using System.ComponentModel.DataAnnotations;

namespace SupportBot.Digests;

/// <summary>The "Digests" section of appsettings.json.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>How often the scheduler looks for due digests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How late a digest may still be sent (e.g. the bot was down at 09:00); older ones are skipped.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(6);
}
