namespace SupportBot.OnCall;

/// <summary>Who runs incidents from chat, and how often they are reminded to tell support what is going on.</summary>
public sealed class OnCallOptions
{
    public const string Section = "OnCall";

    /// <summary>On-call engineers: Teams AAD object ids or user ids, Slack user ids, or emails.</summary>
    public List<string> Engineers { get; set; } = [];

    /// <summary>A Teams channel (or team) conversation id whose members all count as on-call.</summary>
    public string? TeamsChannelId { get; set; }

    /// <summary>How refusals name who may run incidents, e.g. "the SRE on-call (#sre-oncall)". Empty: the emails in Engineers.</summary>
    public string? Contact { get; set; }

    /// <summary>An open incident without a human update for this long gets a reminder in its thread.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the reminder scheduler looks for incidents that are due.</summary>
    public TimeSpan ReminderCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
