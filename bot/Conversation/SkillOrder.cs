namespace SupportBot.Conversation;

/// <summary>
/// The order the bot asks its skills in (<see cref="IChatSkill.Order"/>), all in one place: exact commands first, so
/// that "subscribe here" or "ack 42" is never read as a question; the broad question matching last.
/// </summary>
public static class SkillOrder
{
    /// <summary>ack, assign, severity, update, resolve, note, timeline (and the card buttons).</summary>
    public const int OnCall = 20;

    /// <summary>Personal digests and service pings; before <see cref="BriefingChannels"/>, which takes "subscribe here".</summary>
    public const int PersonalSubscriptions = 40;

    /// <summary>"subscribe here" / "unsubscribe here".</summary>
    public const int BriefingChannels = 50;

    /// <summary>The exact "status" and "incident 42".</summary>
    public const int Status = 100;

    /// <summary>Reps' questions in plain words: whatever the skills above left.</summary>
    public const int Questions = 150;
}
