using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.EarlyWarning;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Conversation;

/// <summary>
/// The answer to "how are things?", however it was asked ("status", "what's down?", "what's the status?", a typo):
/// the most severe open incidents and the active early warnings, presented once for the channel. Every open incident,
/// even in a channel that gets briefings for some services only (a line under the list says which).
/// </summary>
public sealed class StatusAnswer(IIncidentStore incidents, IEarlyWarningStore warnings, IncidentPresenter presenter, BriefingAudience audience)
{
    public async Task<IMessageActivity> ForAsync(IActivity asked, CancellationToken ct)
    {
        var open = await incidents.ListOpenAsync(StatusCard.MaxListed, ct);
        var active = await warnings.ListActiveAsync(ct);
        var channel = asked.Conversation?.Id is { Length: > 0 } ? await audience.ForAsync(ConversationReferences.ConversationIdOf(asked), ct) : null;
        var follows = channel is null || channel.FollowsEverything ? null : channel.Describe() + (channel.IsConfigured ? " (set by an admin)" : "");
        return await presenter.StatusAsync(open, active.Select(EarlyWarningCards.Line).ToList(), asked.ChannelId, ct, follows);
    }
}
