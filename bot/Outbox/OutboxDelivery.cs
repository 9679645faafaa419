using SupportBot.Notifications;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// Sends one outbox message: a briefing is posted the first time and updated in place afterwards; a reply goes in
/// the thread under the incident's card. The posted card's activity id and version are recorded right after the
/// send, and a message whose card already shows that version (or a newer one) is not sent again.
/// </summary>
public sealed class OutboxDelivery(
    IChannelStore channels, IIncidentStore incidents, IChannelMessenger messenger, TimeProvider time, ILogger<OutboxDelivery> log)
{
    /// <summary>True when something was sent; false when there was nothing to send.</summary>
    public async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken sendToken)
    {
        return message.Kind switch
        {
            OutboxKind.Briefing => await BriefAsync(message, sendToken),
            OutboxKind.Reply => await ReplyAsync(message, sendToken),
            _ => await PostAsync(message, sendToken),
        };
    }

    /// <summary>
    /// True for a briefing that would send nothing: its channel's card already shows this version or a newer one,
    /// or the incident was over before the channel ever saw it. Such messages are completed without waiting for
    /// a pacing slot, so a storm's many versions drain at once instead of queueing behind Teams' limits.
    /// </summary>
    public async Task<bool> IsStaleAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.Kind != OutboxKind.Briefing || message.IncidentNumber is not { } number) return false;
        var posted = await channels.GetPostedCardAsync(number, message.ConversationId, ct);
        return posted is null ? !message.IncidentOpen : posted.Version >= message.IncidentVersion;
    }

    private async Task<bool> BriefAsync(OutboxMessage message, CancellationToken sendToken)
    {
        var number = message.IncidentNumber ?? throw new InvalidDataException($"Briefing {message.Id} names no incident.");
        var conversation = message.ConversationId;
        if (await IsStaleAsync(message, sendToken)) return false;
        var posted = await channels.GetPostedCardAsync(number, conversation, sendToken);

        // Send the incident as it is now, not as it was when this message was queued: under a storm, the versions
        // queued behind this one then find their card up to date and cost no send against Teams' limits.
        var (version, card) = await LatestAsync(number, message, sendToken);
        if (posted is null)
        {
            var activityId = await messenger.PostAsync(message.Conversation, card, sendToken);
            await RecordAsync(number, conversation, new PostedCard(activityId, version));
            log.LogInformation("Posted INC-{Incident} v{Version} to {Conversation} as {ActivityId}", number, version, conversation, activityId);
        }
        else
        {
            await messenger.UpdateAsync(message.Conversation, posted.ActivityId, card, sendToken);
            await RecordAsync(number, conversation, posted with { Version = version });
            log.LogInformation("Updated INC-{Incident} to v{Version} in {Conversation}", number, version, conversation);
        }
        return true;
    }

    private async Task<(int Version, Microsoft.Bot.Schema.IMessageActivity Card)> LatestAsync(int number, OutboxMessage message, CancellationToken ct)
    {
        var latest = await incidents.GetAsync(number, ct);
        return latest is not null && latest.Version > message.IncidentVersion
            ? (latest.Version, IncidentCards.Briefing(latest, message.Conversation.ChannelId))
            : (message.IncidentVersion, message.Activity);
    }

    private async Task<bool> ReplyAsync(OutboxMessage message, CancellationToken sendToken)
    {
        var card = message.IncidentNumber is { } number
            ? await channels.GetPostedCardAsync(number, message.ConversationId, sendToken)
            : null;
        if (card is null) return await PostAsync(message, sendToken);
        await messenger.ReplyAsync(message.Conversation, card.ActivityId, message.Activity, sendToken);
        return true;
    }

    private async Task<bool> PostAsync(OutboxMessage message, CancellationToken sendToken)
    {
        await messenger.PostAsync(message.Conversation, message.Activity, sendToken);
        return true;
    }

    /// <summary>
    /// The card is in the channel now: forgetting its id would post it a second time, so keep trying to record it
    /// (Redis may be restarting) until it is written, whatever else is going on. Not even shutdown cancels this.
    /// </summary>
    private async Task RecordAsync(int number, string conversation, PostedCard card)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await channels.SetPostedCardAsync(number, conversation, card, CancellationToken.None);
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not record card {ActivityId} of INC-{Incident} in {Conversation} (attempt {Attempt}); retrying",
                    card.ActivityId, number, conversation, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), time);
            }
        }
    }
}
