using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// Answers the bot gives inside a turn (the greeting, `status`, help) do not go through the outbox, but Teams counts
/// them against the same limits. Each one takes a place in its tenant's budget before it goes, as the outbox's sends do
/// (when a whole organisation adds the bot at once, the greetings would otherwise draw 429s and be lost), waiting at most
/// <see cref="OutboxOptions.TurnReplyWait"/>; past that it goes anyway and is counted once sent. Each one is also recorded
/// with the conversation's outbox sends, so that per-conversation pacing leaves room for it instead of drawing a 429
/// right after someone talked to the bot.
/// </summary>
public sealed class TurnRepliesPacing(IOutboxStore store, TenantPacer tenants, IOptions<OutboxOptions> options, TimeProvider time,
    ILogger<TurnRepliesPacing> log) : Microsoft.Bot.Builder.IMiddleware
{
    public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken ct)
    {
        turn.OnSendActivities(async (context, activities, send) =>
        {
            var counted = activities.Count(a => a.Type is not (ActivityTypesEx.InvokeResponse or ActivityTypes.Trace));
            if (counted == 0 || context.Activity.Conversation is null) return await send();
            var places = await TakePlacesAsync(context.Activity, counted, ct);
            ResourceResponse[] responses;
            try
            {
                responses = await send();
            }
            catch
            {
                // Counted from when the channel answered (an error too: Teams may have counted the attempt).
                await SettleAsync(places, time.GetUtcNow());
                throw;
            }
            // The tenant's places and the conversation's count are kept apart (and each survives the other's failure):
            // both go to the store at once, so the turn waits for one round trip, not one after the other.
            await Task.WhenAll(SettleAsync(places, time.GetUtcNow()), RecordAsync(context.Activity, counted, counted - places.Count));
            return responses;
        });
        return next(ct);
    }

    /// <summary>A place for each reply, waiting for them up to <see cref="OutboxOptions.TurnReplyWait"/> (fewer places: the rest go unpaced).</summary>
    private async Task<List<TenantPlace>> TakePlacesAsync(IActivity turnActivity, int count, CancellationToken ct)
    {
        var places = new List<TenantPlace>();
        var until = time.GetUtcNow() + options.Value.TurnReplyWait;
        try
        {
            while (places.Count < count)
            {
                var place = await tenants.TakeAsync(turnActivity, until, ct);
                if (place == TenantPlace.NotPaced) return [.. Enumerable.Repeat(place, count)];
                if (place.RetryAt is not { } later)
                {
                    places.Add(place);
                    continue;
                }
                if (later > until) break;
                await Task.Delay(Positive(later - time.GetUtcNow()), time, ct);
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var place in places) await tenants.SettleAsync(place, null);
            throw;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not take a place in the tenant's budget for a reply in {Conversation}; sending it unpaced", turnActivity.Conversation.Id);
            return places;
        }
        if (places.Count < count)
            log.LogWarning("No place in the tenant's budget within {Wait} for {Missing} replies in {Conversation}; sending them anyway",
                options.Value.TurnReplyWait, count - places.Count, turnActivity.Conversation.Id);
        return places;
    }

    private Task SettleAsync(List<TenantPlace> places, DateTimeOffset sentAt) =>
        Task.WhenAll(places.Select(place => tenants.SettleAsync(place, sentAt)));

    /// <summary>Every reply counts towards its conversation's pacing; those that took no place, towards their tenant's too.</summary>
    private async Task RecordAsync(IActivity turnActivity, int counted, int unpaced)
    {
        var at = time.GetUtcNow();
        var conversation = ConversationReferences.ConversationIdOf(turnActivity);
        try
        {
            for (var i = 0; i < counted; i++) await store.RecordSendAsync(conversation, at, CancellationToken.None);
            if (unpaced > 0) await tenants.RecordAsync(turnActivity, at, unpaced);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not count a reply in {Conversation} towards pacing", conversation);
        }
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
}
