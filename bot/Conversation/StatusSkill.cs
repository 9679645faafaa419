using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Conversation;

/// <summary>"status" / "what's down?" and "incident 42" / "INC-42" / "#42".</summary>
public sealed partial class StatusSkill(IIncidentStore incidents, StatusAnswer status, IncidentPresenter presenter) : IChatSkill
{
    private static readonly HashSet<string> StatusPhrases = new(StringComparer.Ordinal)
    {
        "status", "what's down", "whats down", "what is down", "what's broken", "whats broken", "any incidents",
        "incidents", "open incidents", "is anything down", "anything down", "outages", "current status",
    };

    public int Order => SkillOrder.Status;

    public IEnumerable<string> HelpLines =>
    [
        "**status** or **what's down?** — open incidents",
        "**incident 42** (or **INC-42**, **#42**) — one incident's briefing",
    ];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct)
    {
        var channelId = message.Activity.ChannelId;
        if (StatusPhrases.Contains(message.Normalized)) return await status.ForAsync(message.Activity, ct);
        if (IncidentPattern().Match(message.Normalized) is { Success: true } m && int.TryParse(m.Groups["n"].Value, out var number))
            return await IncidentAsync(number, channelId, ct);
        return null;
    }

    private async Task<IActivity> IncidentAsync(int number, string channelId, CancellationToken ct)
    {
        var incident = await incidents.GetAsync(number, ct);
        if (incident is not null) return await presenter.BriefingAsync(incident, channelId, ct);
        return await UnknownIncidentReply.ForAsync(number, incidents, ct);
    }

    // "incident 42", "inc-42", "INC 42", "#42", "42"
    [GeneratedRegex(@"^(?:(?:show\s+)?(?:incident|inc)\s*[-#]?\s*|#)?(?<n>\d{1,9})$")]
    private static partial Regex IncidentPattern();
}
