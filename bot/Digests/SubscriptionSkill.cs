using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Conversation;
using SupportBot.Presentation;

namespace SupportBot.Digests;

/// <summary>
/// Personal subscriptions in a 1:1 chat: digests on a schedule and pings for one's own services. Runs before
/// <see cref="ChannelSubscriptionSkill"/> and leaves "subscribe here" / "unsubscribe here" to it.
/// </summary>
public sealed class SubscriptionSkill(ISubscriptionStore store, TimeProvider time) : IChatSkill
{
    public int Order => SkillOrder.PersonalSubscriptions;

    public IEnumerable<string> HelpLines =>
    [
        "**subscribe digest daily 09:00** / **subscribe digest weekly mon 09:00 Europe/Berlin** — an incident digest in our 1:1 chat",
        "**subscribe service checkout-api severity critical** — a personal message when that service's incident opens and resolves",
        "**subscriptions**, **unsubscribe 3**, **unsubscribe all** — your personal subscriptions",
    ];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct) =>
        SubscriptionCommand.Parse(message.Text) switch
        {
            null => null,
            SubscriptionCommand.Bad bad => MessageFactory.Text(bad.Reply),
            SubscriptionCommand.SubscribeDigest or SubscriptionCommand.SubscribeService when !IsPersonal(message.Activity) =>
                MessageFactory.Text("Digests and service pings are personal: send me that in a 1:1 chat (not in a channel or group)."),
            SubscriptionCommand.SubscribeDigest digest => await SubscribeAsync(message, digest, ct),
            SubscriptionCommand.SubscribeService service => await SubscribeAsync(message, service, ct),
            SubscriptionCommand.List => await ListAsync(UserId(message), ct),
            SubscriptionCommand.Unsubscribe one => MessageFactory.Text(await store.RemoveAsync(UserId(message), one.Id, ct)
                ? $"Unsubscribed #{one.Id}."
                : $"You have no subscription #{one.Id}. Type **subscriptions** to see yours."),
            SubscriptionCommand.UnsubscribeAll => MessageFactory.Text(await store.RemoveAllAsync(UserId(message), ct) is var n and > 0
                ? $"Removed all {n} of your subscription{(n == 1 ? "" : "s")}."
                : "You had no subscriptions."),
            _ => null,
        };

    private async Task<IActivity> SubscribeAsync(ChatMessage message, SubscriptionCommand command, CancellationToken ct)
    {
        var digest = (command as SubscriptionCommand.SubscribeDigest)?.Schedule;
        var watch = (command as SubscriptionCommand.SubscribeService)?.Watch;
        var zone = ZoneFor(message.Activity, (command as SubscriptionCommand.SubscribeDigest)?.TimeZone);
        var same = (await store.ListForUserAsync(UserId(message), ct)).FirstOrDefault(s =>
            digest is not null ? s.Digest == digest && s.TimeZone == zone : s.Watch is { } w && SameWatch(w, watch!));
        if (same is not null) return MessageFactory.Text($"You already have that: #{same.Id} {same.Describe()}.");

        var subscription = new PersonalSubscription
        {
            Id = await store.NextIdAsync(ct),
            UserId = UserId(message),
            UserName = message.Activity.From?.Name,
            Conversation = ConversationReferences.ReferenceFor(message.Activity),
            TimeZone = zone,
            CreatedAt = time.GetUtcNow(),
            Digest = digest,
            Watch = watch,
        };
        await store.AddAsync(subscription, ct);

        var reply = $"✅ Subscribed #{subscription.Id}: {subscription.Describe()}.";
        if (subscription.Digest is { } schedule)
        {
            var local = TimeZones.FindOrUtc(zone);
            if (DigestTiming.NextOccurrence(schedule, local, subscription.CreatedAt) is { } next)
                reply += $" The first one comes {DigestCards.Local(next, local)}.";
        }
        return MessageFactory.Text(reply + " Type **subscriptions** to see all of yours.");
    }

    private async Task<IActivity> ListAsync(string userId, CancellationToken ct)
    {
        var mine = await store.ListForUserAsync(userId, ct);
        var rows = mine.Select(s => new SubscriptionRow(s.Id, s.Describe())).ToList();
        var howTo = mine.Count == 0
            ? $"Say {SubscriptionCommand.DigestForm}, or {SubscriptionCommand.ServiceForm}."
            : $"To stop one, say {SubscriptionCommand.UnsubscribeForm}. To add one, {SubscriptionCommand.DigestForm}, or {SubscriptionCommand.ServiceForm}.";
        return IncidentCards.FromCard(SubscriptionsCard.Build(rows, Suggestions, howTo));
    }

    private static readonly ChatButton[] Suggestions =
    [
        new("Daily digest at 09:00", "subscribe digest daily 09:00"),
        new("Weekly digest, Monday 09:00", "subscribe digest weekly mon 09:00"),
    ];

    /// <summary>The explicit zone the person typed; else the zone their Teams client reports; else UTC.</summary>
    private static string ZoneFor(IMessageActivity activity, string? typed) =>
        typed ?? (TimeZones.TryFind((activity as Activity)?.LocalTimezone, out var local) ? local.Id : "UTC");

    private static bool SameWatch(ServiceWatch a, ServiceWatch b) =>
        string.Equals(a.Service, b.Service, StringComparison.OrdinalIgnoreCase) && a.MinSeverity == b.MinSeverity;

    private static string UserId(ChatMessage message) => message.Activity.From?.Id ?? message.Activity.Conversation.Id;

    // Teams says "personal"; the Emulator and some channels say nothing for a 1:1 chat.
    private static bool IsPersonal(IActivity activity) =>
        activity.Conversation?.ConversationType is null or "" || string.Equals(activity.Conversation.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
}
