using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.EarlyWarning;
using SupportBot.Presentation;

namespace SupportBot.Conversation;

/// <summary>"warnings" / "anything brewing?": the early warnings out now (trends heading for a threshold).</summary>
public sealed class WarningsSkill(IEarlyWarningStore warnings, TimeProvider time) : IChatSkill
{
    private static readonly HashSet<string> Phrases = new(StringComparer.Ordinal)
    {
        "warnings", "early warnings", "anything brewing", "is anything brewing", "whats brewing", "what's brewing",
        "anything coming", "any warnings", "show warnings",
    };

    public int Order => SkillOrder.Warnings;

    public IEnumerable<string> HelpLines => ["**warnings** or **anything brewing?** — early warnings: metrics heading for trouble"];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct)
    {
        if (!Phrases.Contains(message.Normalized)) return null;
        var lines = (await warnings.ListActiveAsync(ct)).Select(EarlyWarningCards.Line).ToList();
        var now = time.GetUtcNow();
        return (IActivity)(message.Activity.ChannelId == ChannelIds.Slack
            ? IncidentCards.FromSlack(EarlyWarningList.Slack(lines, now))
            : IncidentCards.FromCard(EarlyWarningList.Card(lines, now)));
    }
}
