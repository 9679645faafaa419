using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Channels;
using SupportBot.Presentation;

namespace SupportBot.Conversation;

/// <summary>
/// "subscribe here [service a,b] [severity major]" / "subscriptions here" / "unsubscribe here": whether this
/// conversation is a briefing channel (gets outage briefings), and for what. A channel an admin routed
/// (Routing:Routes:N) is set by configuration, not in chat.
/// </summary>
public sealed class BriefingChannelSkill(IBriefingChannelStore channels, BriefingAudience audience) : IChatSkill
{
    public const string Form = "**subscribe here service checkout-api,orders-api severity major** (either part optional), or **subscribe here all**";

    public int Order => SkillOrder.BriefingChannels;

    public IEnumerable<string> HelpLines =>
    [
        "**subscribe here** / **unsubscribe here** — outage briefings in this conversation, for every service",
        "**subscribe here service checkout-api,orders-api severity major** — only those services, at that severity or worse",
        "**subscriptions here** — what this conversation gets briefings for",
    ];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct)
    {
        var words = message.Text.Trim().TrimEnd('.', '!', '?', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !Is(words[1], "here")) return null;
        var verb = words[0].TrimStart('/');
        if (Is(verb, "subscribe")) return await SubscribeAsync(message, words[2..], ct);
        if (Is(verb, "subscriptions") && words.Length == 2) return await DescribeAsync(message, ct);
        if (Is(verb, "unsubscribe") && words.Length == 2) return await UnsubscribeAsync(message, ct);
        return null;
    }

    private async Task<IActivity> SubscribeAsync(ChatMessage message, string[] filterWords, CancellationToken ct)
    {
        var parsed = ChannelFilterText.Parse(filterWords);
        if (parsed.Filter is not { } filter)
            return Reply($"{parsed.Problem} Nothing changed. The form is {Form}.");
        var id = ConversationReferences.ConversationIdOf(message.Activity);
        if (await audience.ForAsync(id, ct) is { IsConfigured: true } configured) return Reply(SetByAdmin(message, configured));

        var before = await channels.GetAsync(id, ct);
        await channels.AddAsync(ConversationReferences.ReferenceFor(message.Activity), filter, ct);
        var follows = Follows(message, filter.Describe());
        if (before is null) return Reply($"✅ This conversation will now get outage briefings for {follows}. {Hints}");
        if (before.Filter.SameAs(filter)) return Reply($"This conversation already gets outage briefings for {follows}. {Hints}");
        return Reply($"✅ This conversation now gets outage briefings for {follows} (before: {Follows(message, before.Filter.Describe())}). {Hints}");
    }

    private async Task<IActivity> DescribeAsync(ChatMessage message, CancellationToken ct) =>
        Reply(await audience.ForAsync(ConversationReferences.ConversationIdOf(message.Activity), ct) switch
        {
            null => $"This conversation gets no outage briefings. Say {Form} to get them.",
            { IsConfigured: true } configured => SetByAdmin(message, configured),
            var channel => $"This conversation gets outage briefings for {Follows(message, channel.Describe())}. " +
                           $"To change it, say {Form}; to stop, **unsubscribe here**.",
        });

    private async Task<IActivity> UnsubscribeAsync(ChatMessage message, CancellationToken ct)
    {
        var id = ConversationReferences.ConversationIdOf(message.Activity);
        if (await audience.ForAsync(id, ct) is { IsConfigured: true } configured) return Reply(SetByAdmin(message, configured));
        return Reply(await channels.RemoveAsync(id, ct)
            ? "This conversation will no longer get outage briefings. Type **subscribe here** to get them again."
            : "This conversation was not getting outage briefings. Type **subscribe here** to get them.");
    }

    private const string Hints = "Type **subscriptions here** to see it, **unsubscribe here** to stop.";

    private static string SetByAdmin(ChatMessage message, BriefingChannel channel) =>
        $"An admin set up this conversation's briefings (Routing:Routes:{string.Join(", ", channel.Routes)}): it gets them for " +
        $"{Follows(message, channel.Describe())}. Ask an admin to change that setting.";

    private static string Follows(ChatMessage message, string description) => LiteralText.For(message.Activity.ChannelId, description);

    private static IActivity Reply(string text) => MessageFactory.Text(text);

    private static bool Is(string word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
