using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Conversation;
using SupportBot.EarlyWarning;
using SupportBot.Presentation;

namespace SupportBot.OnCall;

/// <summary>
/// The early-warning card's buttons, "Looking at it" and "Dismiss" (also typed: <c>looking at warning ID</c>,
/// <c>dismiss warning ID</c>). Only on-call may press them; the card in every channel then shows who.
/// </summary>
public sealed partial class WarningButtonsSkill(WarningActions actions, IEarlyWarningStore warnings, OnCallRoster roster, WarningIncidents incidents) : IChatSkill
{
    public int Order => SkillOrder.WarningButtons;

    public IEnumerable<string> HelpLines => [];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct)
    {
        if (Command().Match(message.Text.Trim()) is not { Success: true } m) return null;
        var dismiss = m.Groups["verb"].Value.StartsWith("dismiss", StringComparison.OrdinalIgnoreCase);
        var id = m.Groups["id"].Value.Trim();
        if (!await roster.IsOnCallAsync(message.Turn, ct))
            return MessageFactory.Text($"Sorry, only on-call engineers can {(dismiss ? "dismiss" : "take")} early warnings. That's {roster.Describe()}.");

        var who = string.IsNullOrWhiteSpace(message.Activity.From?.Name) ? message.Activity.From?.Id ?? "on-call" : message.Activity.From.Name;
        var changed = dismiss ? await actions.DismissAsync(id, who, ct) : await actions.LookAsync(id, who, ct);
        var current = changed ?? await warnings.GetAsync(id, ct);
        if (current is null) return MessageFactory.Text("That early warning is not known (any more). Type **warnings** for the ones out now.");
        // A pressed Universal Action button is replaced by the card as it is now.
        if (message.Origin == ChatOrigin.CardExecute) return EarlyWarningCards.Card(current, message.Activity.ChannelId, await incidents.ForAsync(current, ct));
        if (changed is null) return MessageFactory.Text($"That warning is already {(current.IsActive ? $"taken by {current.LookingBy}" : "over")}.");
        return MessageFactory.Text(dismiss ? $"Dismissed the early warning for {current.SignalName}." : $"👀 Noted: {who} is looking at {current.SignalName}.");
    }

    [GeneratedRegex(@"^(?<verb>looking at warning|dismiss warning)\s+(?<id>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Command();
}
