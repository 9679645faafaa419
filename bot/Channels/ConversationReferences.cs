using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>Where proactive messages go: the reference to a conversation, and its id without a Teams thread suffix.</summary>
public static class ConversationReferences
{
    /// <summary>
    /// The reference proactive briefings are sent to: the conversation itself (a Teams reply thread's
    /// ";messageid=" suffix dropped) and no ActivityId, so a briefing starts a new post instead of replying.
    /// </summary>
    public static ConversationReference ReferenceFor(IActivity activity)
    {
        var reference = activity.GetConversationReference();
        reference.ActivityId = null;
        reference.Conversation = new ConversationAccount(
            isGroup: reference.Conversation.IsGroup,
            conversationType: reference.Conversation.ConversationType,
            id: ConversationIdOf(activity),
            name: reference.Conversation.Name,
            tenantId: reference.Conversation.TenantId);
        return reference;
    }

    public static string ConversationIdOf(IActivity activity)
    {
        var id = activity.Conversation.Id;
        var thread = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? id : id[..thread];
    }
}
