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
        // Three independent reads, asked at once: on Redis they share one round trip instead of taking three.
        var open = incidents.ListOpenAsync(StatusCard.MaxListed, ct);
        var active = warnings.ListActiveAsync(ct);
        var following = asked.Conversation?.Id is { Length: > 0 }
            ? audience.ForAsync(ConversationReferences.ConversationIdOf(asked), ct)
            : Task.FromResult<BriefingChannel?>(null);
        await Task.WhenAll(open, active, following);
        var channel = await following;
        var follows = channel is null || channel.FollowsEverything ? null : channel.Describe() + (channel.IsConfigured ? " (set by an admin)" : "");
        return await presenter.StatusAsync(await open, (await active).Select(EarlyWarningCards.Line).ToList(), asked.ChannelId, ct, follows);
    }
}
