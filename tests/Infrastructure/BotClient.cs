using System.Net.Http.Headers;
using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// Plays the Bot Connector's part towards the bot: posts activities to /api/messages as a channel would; with a
/// <paramref name="tenantId"/>, as Teams names the tenant (conversation.tenantId and channelData.tenant.id).
/// </summary>
public sealed class BotClient(HttpClient http, string serviceUrl, string channelId = "msteams", string? tenantId = null)
{
    public const string BotId = "28:supportbot";
    private int _nextId;

    public async Task<HttpResponseMessage> SendAsync(Activity activity)
    {
        var json = JsonConvert.SerializeObject(activity, new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync("/api/messages", content);
    }

    /// <summary>The bot is added to a conversation (a Teams channel unless <paramref name="conversationType"/> says otherwise).</summary>
    public Task<HttpResponseMessage> AddBotAsync(string conversationId, string conversationType = "channel")
    {
        var activity = Base(ActivityTypes.ConversationUpdate, conversationId, conversationType);
        activity.MembersAdded = [new ChannelAccount(BotId, "SupportBot")];
        return SendAsync(activity);
    }

    public Task<HttpResponseMessage> SayAsync(string conversationId, string text, string conversationType = "channel", string userId = "29:rep", string userName = "Rita Rep") =>
        SendAsync(Message(conversationId, text, conversationType, userId, userName));

    /// <summary>
    /// A rep's message in a channel; returns its activity id, which the bot's answer replies to. The id is unique across
    /// clients, so answers can be told apart when several clients (one per bot instance) talk into one channel.
    /// </summary>
    public async Task<string> AskAsync(string conversationId, string text)
    {
        var message = Message(conversationId, text, "channel", "29:rep", "Rita Rep");
        message.Id = $"rep-{Guid.NewGuid():N}";
        await SendAsync(message);
        return message.Id;
    }

    private Activity Message(string conversationId, string text, string conversationType, string userId, string userName)
    {
        var activity = Base(ActivityTypes.Message, conversationId, conversationType);
        activity.Text = text;
        activity.From = new ChannelAccount(userId, userName);
        if (text.Contains("<at>SupportBot</at>"))
        {
            // As Teams sends a channel @mention of the bot.
            activity.Entities = [new Mention(new ChannelAccount(BotId, "SupportBot"), "<at>SupportBot</at>")];
        }
        return activity;
    }

    public Activity Base(string type, string conversationId, string conversationType) => new()
    {
        Type = type,
        Id = $"incoming-{Interlocked.Increment(ref _nextId)}",
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Timestamp = DateTimeOffset.UtcNow,
        Conversation = new ConversationAccount(isGroup: conversationType != "personal", conversationType: conversationType, id: conversationId, tenantId: tenantId),
        ChannelData = tenantId is null ? null : new Newtonsoft.Json.Linq.JObject { ["tenant"] = new Newtonsoft.Json.Linq.JObject { ["id"] = tenantId } },
        From = new ChannelAccount("29:admin", "Ada Admin"),
        Recipient = new ChannelAccount(BotId, "SupportBot"),
    };
}
