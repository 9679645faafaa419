using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json.Linq;

namespace SupportBot.Channels;

/// <summary>
/// Proactive messages through the CloudAdapter: ContinueConversationAsync, then the turn's connector client.
/// Failures come out as <see cref="ChannelSendException"/> (status and Retry-After) for the outbox to retry.
/// </summary>
public sealed class BotChannelMessenger(CloudAdapter adapter, BotIdentity identity, ServiceUrlPolicy serviceUrls) : IChannelMessenger
{
    public async Task<string> PostAsync(ConversationReference conversation, IMessageActivity message, CancellationToken ct)
    {
        string? id = null;
        await ContinueAsync(conversation, async (turn, token) =>
        {
            // Not turn.SendActivityAsync: it would make the post a reply to the continuation event's made-up id.
            var activity = (Activity)message;
            activity.ApplyConversationReference(conversation);
            activity.ReplyToId = null;
            var response = await turn.TurnState.Get<IConnectorClient>().Conversations.SendToConversationAsync(activity, token);
            id = response?.Id;
        }, ct);
        return id ?? throw new ChannelSendException("The channel accepted the message but returned no activity id.", null, null);
    }

    public Task UpdateAsync(ConversationReference conversation, string activityId, IMessageActivity message, CancellationToken ct) =>
        ContinueAsync(conversation, async (turn, token) =>
        {
            message.Id = activityId;
            await turn.UpdateActivityAsync(message, token);
        }, ct);

    public Task ReplyAsync(ConversationReference conversation, string cardActivityId, IMessageActivity message, CancellationToken ct) =>
        ContinueAsync(conversation, async (turn, token) =>
        {
            var activity = (Activity)message;
            activity.ApplyConversationReference(conversation);
            activity.ReplyToId = null;
            var connector = turn.TurnState.Get<IConnectorClient>();
            if (conversation.ChannelId == ChannelIds.Msteams && conversation.Conversation.ConversationType == "channel")
            {
                // A Teams channel post's replies live in the conversation "<channel id>;messageid=<post id>".
                activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel",
                    id: $"{ConversationReferences.ConversationIdOf(activity)};messageid={cardActivityId}", tenantId: conversation.Conversation.TenantId);
                await connector.Conversations.SendToConversationAsync(activity, token);
            }
            else if (conversation.ChannelId == ChannelIds.Slack)
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

    private async Task ContinueAsync(ConversationReference conversation, BotCallbackHandler send, CancellationToken ct)
    {
        // Conversations stored before Bot:AllowedServiceUrls changed (or by an older version) are not sent to either.
        if (!serviceUrls.Allows(conversation.ServiceUrl))
            throw new ChannelSendException($"The conversation's service URL is not one the bot talks to (Bot:AllowedServiceUrls).", System.Net.HttpStatusCode.Forbidden, null);
        // The adapter hands a failed turn to its OnTurnError (which apologises into the chat): keep the failure
        // inside the callback and raise it here instead, where the outbox decides whether to retry.
        Exception? failure = null;
        await adapter.ContinueConversationAsync(identity.AppId, conversation, async (turn, token) =>
        {
            try
            {
                await send(turn, token);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, ct);
        if (failure is null) return;
        if (failure is OperationCanceledException && ct.IsCancellationRequested) throw failure;
        throw Classify(failure);
    }

    private static ChannelSendException Classify(Exception e) => e switch
    {
        ChannelSendException known => known,
        ErrorResponseException { Response: { } response } => Answered(response, e),
        HttpOperationException { Response: { } response } => Answered(response, e),
        HttpRequestException http => new ChannelSendException($"The channel could not be reached: {http.Message}", http.StatusCode, null, e),
        OperationCanceledException => new ChannelSendException("The channel did not answer in time.", null, null, e),
        _ => new ChannelSendException($"Sending failed: {e.Message}", null, null, e),
    };

    private static ChannelSendException Answered(HttpResponseMessageWrapper response, Exception e) =>
        new($"The channel answered {(int)response.StatusCode} {response.StatusCode}.", response.StatusCode, RetryAfter(response.Headers), e);

    private static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value)) return null;
        // The Bot Connector sends delta-seconds; an HTTP date (also allowed by RFC 9110) falls back to our own backoff.
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }
}
