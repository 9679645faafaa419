using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Conversation;

namespace SupportBot.Notifications;

/// <summary>Proactive messages through the CloudAdapter: ContinueConversationAsync, then the turn's connector client.</summary>
public sealed class BotChannelMessenger(CloudAdapter adapter, BotIdentity identity) : IChannelMessenger
{
    public async Task<string> PostAsync(ConversationReference conversation, IMessageActivity message, CancellationToken ct)
    {
        string? id = null;
        await adapter.ContinueConversationAsync(identity.AppId, conversation, async (turn, token) =>
        {
            // Not turn.SendActivityAsync: it would make the post a reply to the continuation event's made-up id.
            var activity = (Activity)message;
            activity.ApplyConversationReference(conversation);
            activity.ReplyToId = null;
            var connector = turn.TurnState.Get<IConnectorClient>();
            var response = await connector.Conversations.SendToConversationAsync(activity, token);
            id = response?.Id;
        }, ct);
        return id ?? throw new InvalidOperationException("The channel accepted the message but returned no activity id.");
    }

    public Task UpdateAsync(ConversationReference conversation, string activityId, IMessageActivity message, CancellationToken ct) =>
        adapter.ContinueConversationAsync(identity.AppId, conversation, async (turn, token) =>
        {
            message.Id = activityId;
            await turn.UpdateActivityAsync(message, token);
        }, ct);

    public Task ReplyAsync(ConversationReference conversation, string cardActivityId, IMessageActivity message, CancellationToken ct) =>
        adapter.ContinueConversationAsync(identity.AppId, conversation, async (turn, token) =>
        {
            var activity = (Activity)message;
            activity.ApplyConversationReference(conversation);
            activity.ReplyToId = null;
            var connector = turn.TurnState.Get<IConnectorClient>();
            if (conversation.ChannelId == Channels.Msteams && conversation.Conversation.ConversationType == "channel")
            {
                // A Teams channel post's replies live in the conversation "<channel id>;messageid=<post id>".
                activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel",
                    id: $"{Subscription.ConversationIdOf(activity)};messageid={cardActivityId}", tenantId: conversation.Conversation.TenantId);
                await connector.Conversations.SendToConversationAsync(activity, token);
            }
            else if (conversation.ChannelId == Channels.Slack)
            {
                var channelData = activity.ChannelData as JObject ?? new JObject { ["text"] = activity.Text };
                channelData["thread_ts"] = SlackThread.Ts(cardActivityId);
                activity.ChannelData = channelData;
                await connector.Conversations.SendToConversationAsync(activity, token);
            }
            else
            {
                activity.ReplyToId = cardActivityId;
                await connector.Conversations.ReplyToActivityAsync(activity, token);
            }
        }, ct);
}
