using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// Answers the bot gives inside a turn (the greeting, `status`, help) do not go through the outbox, but Teams counts
/// them against the same per-conversation limits. Each one is recorded with the conversation's outbox sends, so
/// that pacing leaves room for them instead of drawing a 429 right after someone talked to the bot; and with their
/// tenant's sends, for the per-tenant limit (counted once sent: a reply does not wait for a place).
/// </summary>
public sealed class TurnRepliesPacing(IOutboxStore store, TenantPacer tenants, TimeProvider time, ILogger<TurnRepliesPacing> log) : Microsoft.Bot.Builder.IMiddleware
{
    public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken ct)
    {
        turn.OnSendActivities(async (context, activities, send) =>
        {
            var responses = await send();
            var counted = activities.Count(a => a.Type is not (ActivityTypesEx.InvokeResponse or ActivityTypes.Trace));
            if (counted == 0 || context.Activity.Conversation is null) return responses;
            // Recorded once the channel answered: never earlier than when it counted them.
            var at = time.GetUtcNow();
            var conversation = ConversationReferences.ConversationIdOf(context.Activity);
            try
            {
                for (var i = 0; i < counted; i++) await store.RecordSendAsync(conversation, at, CancellationToken.None);
                await tenants.RecordAsync(context.Activity, at, counted);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not count a reply in {Conversation} towards pacing", conversation);
            }
            return responses;
        });
        return next(ct);
    }
}
