using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>Sends proactive messages into a stored conversation. Only the outbox calls it (paced, retried, in order).</summary>
public interface IChannelMessenger
{
    /// <summary>Posts a new message; returns the id of the activity the channel created.</summary>
    Task<string> PostAsync(ConversationReference conversation, IMessageActivity message, CancellationToken ct);

    /// <summary>Replaces an earlier message in place.</summary>
    Task UpdateAsync(ConversationReference conversation, string activityId, IMessageActivity message, CancellationToken ct);

    /// <summary>
    /// Posts <paramref name="message"/> in the thread of an earlier message (the incident's card): in a Teams channel a
    /// reply in the card's thread, in Slack a message with the card's thread_ts, elsewhere a reply to the card.
    /// </summary>
    Task ReplyAsync(ConversationReference conversation, string cardActivityId, IMessageActivity message, CancellationToken ct);
}
