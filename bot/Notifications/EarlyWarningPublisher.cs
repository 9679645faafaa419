using Microsoft.Bot.Schema;
using SupportBot.Channels;
using SupportBot.EarlyWarning;
using SupportBot.Outbox;
using SupportBot.Presentation;

namespace SupportBot.Notifications;

/// <summary>
/// Queues each version of a warning's card for the briefing channels that follow its service (a warning has no
/// severity yet, so a channel's severity filter does not hold it back), through the outbox: posted once, updated in
/// place as the forecast moves, and finally marked recovered, came true or dismissed. A channel that never got the
/// card does not get an ended one; one that has it gets the ending, whatever it follows now.
/// </summary>
public sealed class EarlyWarningPublisher(BriefingAudience channels, ChannelOutbox outbox, WarningIncidents incidents) : IEarlyWarningSink
{
    public async Task PublishAsync(SignalWarning warning, CancellationToken ct)
    {
        var incident = await incidents.ForAsync(warning, ct);
        foreach (var channel in await channels.ListAsync(ct))
        {
            if (warning.IsActive && !channel.FollowsService(warning.Service)) continue;
            await outbox.CardAsync(channel.Reference, WarningKey.Of(warning.Id), warning.Version, onlyIfPosted: !warning.IsActive,
                EarlyWarningCards.Card(warning, channel.Reference.ChannelId, incident), ct);
        }
    }
}

/// <summary>The outbox asks this for a warning's card as it is at send time.</summary>
public sealed class LatestWarning(IEarlyWarningStore warnings, WarningIncidents incidents) : ILatestMessageSource
{
    public async Task<LatestMessage?> LatestAsync(string mergeKey, ConversationReference conversation, CancellationToken ct)
    {
        if (!WarningKey.TryParse(mergeKey, out var id)) return null;
        var warning = await warnings.GetAsync(id, ct);
        return warning is null ? null
            : new LatestMessage(warning.Version, EarlyWarningCards.Card(warning, conversation.ChannelId, await incidents.ForAsync(warning, ct)));
    }
}

/// <summary>The outbox merge key of a warning's card: "warning:{id}".</summary>
public static class WarningKey
{
    private const string Prefix = "warning:";
    public static string Of(string warningId) => Prefix + warningId;

    public static bool TryParse(string mergeKey, out string warningId)
    {
        warningId = mergeKey.StartsWith(Prefix, StringComparison.Ordinal) ? mergeKey[Prefix.Length..] : "";
        return warningId.Length > 0;
    }
}
