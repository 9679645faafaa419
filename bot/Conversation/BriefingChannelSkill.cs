using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Conversation;

/// <summary>"subscribe here" / "unsubscribe here": whether this conversation is a briefing channel (gets outage briefings).</summary>
public sealed class BriefingChannelSkill(IBriefingChannelStore channels) : IChatSkill
{
    public int Order => SkillOrder.BriefingChannels;

    public IEnumerable<string> HelpLines => ["**subscribe here** / **unsubscribe here** — outage briefings in this conversation"];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct) => message.Normalized switch
    {
        "subscribe here" => MessageFactory.Text(await channels.AddAsync(ConversationReferences.ReferenceFor(message.Activity), ct)
            ? "✅ This conversation will now get outage briefings."
            : "This conversation already gets outage briefings."),
        "unsubscribe here" => MessageFactory.Text(await channels.RemoveAsync(ConversationReferences.ConversationIdOf(message.Activity), ct)
            ? "This conversation will no longer get outage briefings. Type **subscribe here** to get them again."
            : "This conversation was not getting outage briefings. Type **subscribe here** to get them."),
        _ => null,
    };
}
