using System.Collections.Concurrent;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using SupportBot.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// Teams' per-app, per-tenant limit (<see cref="OutboxOptions.TenantRequestsPerSecond"/>, 50 requests/s documented),
/// kept by every instance together through <see cref="ITenantBudgetStore"/>. A worker whose conversation may send
/// waits here for a place in its tenant's second, holding the conversation (the wait is short: a place frees as soon
/// as the oldest send of the second leaves it); one worker per instance, tenant and priority asks the store at a time,
/// the others wait behind it. Urgent messages (<see cref="OutboxMessage.Urgent"/>) wait behind urgent ones only, and
/// take the tenant's places before any other message of any of its conversations: a message that yields to them gives
/// its conversation back (a worker may then take an urgent message, of that conversation too) and asks again after
/// them. While the tenant is paused (Teams answered 429) the conversation is given back until the pause ends.
/// Slack and other channels have limits of their own and are not paced here.
/// </summary>
public sealed class TenantPacer(ITenantBudgetStore store, IOptions<OutboxOptions> options, TimeProvider time, ILogger<TenantPacer> log)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>A send may still reach the channel a little after its timeout cancelled it: it counts until then.</summary>
    private static readonly TimeSpan ArrivalMargin = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string Tenant, bool Urgent), SemaphoreSlim> _gates = new();

    private OutboxOptions Options => options.Value;

    /// <summary>The Teams tenant whose budget a message to this conversation spends, or null when it is not paced per tenant.</summary>
    public static string? TenantOf(OutboxMessage message) =>
        TenantOf(message.Conversation.ChannelId, message.Conversation.Conversation?.TenantId ?? message.Activity.Conversation?.TenantId,
            message.Conversation.ServiceUrl, null);

    public static string? TenantOf(IActivity activity) =>
        TenantOf(activity.ChannelId, activity.Conversation?.TenantId, activity.ServiceUrl, activity.ChannelData);

    private static string? TenantOf(string? channelId, string? tenantId, string? serviceUrl, object? channelData)
    {
        if (!string.Equals(channelId, ChannelIds.Msteams, StringComparison.OrdinalIgnoreCase)) return null;
        if (string.IsNullOrWhiteSpace(tenantId) && channelData is JObject data) tenantId = data.SelectToken("tenant.id")?.ToString();
        // Teams names the tenant in every activity; a conversation stored without it shares one budget with every
        // other such conversation behind the same service URL, which paces it no less than its real tenant would.
        return string.IsNullOrWhiteSpace(tenantId)
            ? "service:" + (serviceUrl ?? "").TrimEnd('/').ToLowerInvariant()
            : "tenant:" + tenantId.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// A place for one send of <paramref name="message"/> in its tenant's budget. Waits while the place is at most a
    /// window away and <paramref name="holdUntil"/> is not reached; otherwise (and when stopping) says when to try again.
    /// </summary>
    public Task<TenantPlace> TakeAsync(OutboxMessage message, DateTimeOffset holdUntil, CancellationToken stopping) =>
        TakeAsync(TenantOf(message), message.Urgent, holdUntil, stopping);

    /// <summary>
    /// A place for one reply the bot gives in the turn of <paramref name="turnActivity"/>, as for an outbox message; an
    /// urgent one: someone is waiting for it.
    /// </summary>
    public Task<TenantPlace> TakeAsync(IActivity turnActivity, DateTimeOffset holdUntil, CancellationToken stopping) =>
        TakeAsync(TenantOf(turnActivity), urgent: true, holdUntil, stopping);

    private async Task<TenantPlace> TakeAsync(string? tenantOrNull, bool urgent, DateTimeOffset holdUntil, CancellationToken stopping)
    {
        if (Options.TenantRequestsPerSecond <= 0 || tenantOrNull is not { } tenant) return TenantPlace.NotPaced;
        var gate = _gates.GetOrAdd((tenant, urgent), _ => new SemaphoreSlim(1, 1));
        try
        {
            if (!await gate.WaitAsync(Positive(holdUntil - time.GetUtcNow()), stopping)) return TenantPlace.Later(time.GetUtcNow() + Window);
        }
        catch (OperationCanceledException)
        {
            return TenantPlace.Later(time.GetUtcNow());
        }
        try
        {
            var sendId = Guid.NewGuid().ToString("N");
            while (true)
            {
                var now = time.GetUtcNow();
                var take = await store.TryTakeAsync(tenant, sendId, now, now + Options.SendTimeout + ArrivalMargin,
                    Options.TenantRequestsPerSecond, Window, urgent, CancellationToken.None);
                if (take.Taken) return TenantPlace.Taken(tenant, sendId);
                if (take.Yielded || take.RetryAt - now > Window || take.RetryAt > holdUntil) return TenantPlace.Later(take.RetryAt);
                try
                {
                    await Task.Delay(Positive(take.RetryAt - now), time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return TenantPlace.Later(time.GetUtcNow());
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The send is over (<paramref name="sentAt"/>: when; null: nothing was sent, the place is given back).</summary>
    public async Task SettleAsync(TenantPlace place, DateTimeOffset? sentAt)
    {
        if (place is not { Tenant: { } tenant, SendId: { } sendId }) return;
        try
        {
            await store.SettleAsync(tenant, sendId, sentAt, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Unsettled, the send counts until its bound: the tenant loses one place for a few seconds, nothing more.
            log.LogWarning(e, "Could not settle a send to {Tenant} in its budget", tenant);
        }
    }

    /// <summary>The channel answered 429: none of the tenant's conversations sends before <paramref name="until"/>.</summary>
    public async Task PauseAsync(OutboxMessage message, DateTimeOffset until)
    {
        if (Options.TenantRequestsPerSecond <= 0 || TenantOf(message) is not { } tenant) return;
        try
        {
            await store.PauseAsync(tenant, until, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not pause sends to {Tenant} until {Until}", tenant, until);
        }
    }

    /// <summary>Counts a reply the bot gave in a turn (not sent through the outbox) against its tenant.</summary>
    public async Task RecordAsync(IActivity turnActivity, DateTimeOffset at, int count)
    {
        if (Options.TenantRequestsPerSecond <= 0 || TenantOf(turnActivity) is not { } tenant) return;
        await store.RecordAsync(tenant, at, count, CancellationToken.None);
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
}

/// <summary>What <see cref="TenantPacer.TakeAsync"/> gave: a place (settle it after the send), no pacing at all, or a time to try again.</summary>
public sealed record TenantPlace(string? Tenant, string? SendId, DateTimeOffset? RetryAt)
{
    public static readonly TenantPlace NotPaced = new(null, null, null);

    public static TenantPlace Taken(string tenant, string sendId) => new(tenant, sendId, null);

    public static TenantPlace Later(DateTimeOffset at) => new(null, null, at);
}
