using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Notifications;
using SupportBot.Storage;

namespace SupportBot.Conversation;

/// <summary>The bot's side of the conversation: greets and subscribes channels, answers status questions.</summary>
public sealed class SupportBotHandler(IChannelStore channels, IIncidentStore incidents, TimeProvider time, ILogger<SupportBotHandler> log)
    : ActivityHandler
{
    public const string HelpText =
        "Here is what I understand:\n\n" +
        "- **status** or **what's down?** — open incidents\n" +
        "- **incident 42** (or **INC-42**, **#42**) — one incident's briefing\n" +
        "- **subscribe here** / **unsubscribe here** — outage briefings in this conversation\n" +
        "- **help** — this list";

    // ActivityHandler only reports members other than the bot; the bot's own arrival and departure are what matter here.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turn, CancellationToken ct)
    {
        var botId = turn.Activity.Recipient?.Id;
        if (turn.Activity.MembersAdded?.Any(m => m.Id == botId) == true) await OnBotAddedAsync(turn, ct);
        else if (turn.Activity.MembersRemoved?.Any(m => m.Id == botId) == true)
            await channels.UnsubscribeAsync(Subscription.ConversationIdOf(turn.Activity), ct);
    }

    private async Task OnBotAddedAsync(ITurnContext<IConversationUpdateActivity> turn, CancellationToken ct)
    {
        if (IsPersonal(turn.Activity))
        {
            await turn.SendActivityAsync(MessageFactory.Text("👋 Hi, I'm SupportBot. " + HelpText), ct);
            return;
        }
        await channels.SubscribeAsync(Subscription.ReferenceFor(turn.Activity), ct);
        log.LogInformation("Added to {Conversation}; subscribed it to briefings", turn.Activity.Conversation.Id);
        await turn.SendActivityAsync(MessageFactory.Text(
            "👋 Hi, I'm SupportBot. I'll post an outage briefing here as soon as monitoring reports a problem, and keep it up to date. " +
            "Ask me **status** any time, or **help** for more."), ct);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turn, CancellationToken ct)
    {
        var text = turn.Activity.RemoveRecipientMention() ?? turn.Activity.Text;
        IActivity reply = CommandParser.Parse(text) switch
        {
            ChatCommand.Help => MessageFactory.Text(HelpText),
            ChatCommand.Status => await StatusAsync(ct),
            ChatCommand.ShowIncident show => await IncidentAsync(show.Number, ct),
            ChatCommand.SubscribeHere => await SubscribeAsync(turn.Activity, ct),
            ChatCommand.UnsubscribeHere => await UnsubscribeAsync(turn.Activity, ct),
            ChatCommand.Unknown unknown => MessageFactory.Text(
                $"Sorry, I didn't understand \"{Clip(unknown.Text)}\". Try **status**, **incident 42** or **help**."),
            _ => MessageFactory.Text(HelpText),
        };
        await turn.SendActivityAsync(reply, ct);
    }

    private async Task<IActivity> StatusAsync(CancellationToken ct)
    {
        var open = (await incidents.ListAsync(ct)).Where(i => i.IsOpen).ToList();
        return IncidentCards.Status(open, time.GetUtcNow());
    }

    private async Task<IActivity> IncidentAsync(int number, CancellationToken ct)
    {
        var incident = await incidents.GetAsync(number, ct);
        if (incident is not null) return IncidentCards.Briefing(incident);
        var open = (await incidents.ListAsync(ct)).Where(i => i.IsOpen).Select(i => i.Id).Take(10).ToList();
        return MessageFactory.Text(open.Count == 0
            ? $"There is no incident INC-{number}, and nothing is open right now."
            : $"There is no incident INC-{number}. Open incidents: {string.Join(", ", open)}.");
    }

    private async Task<IActivity> SubscribeAsync(IActivity activity, CancellationToken ct) =>
        MessageFactory.Text(await channels.SubscribeAsync(Subscription.ReferenceFor(activity), ct)
            ? "✅ This conversation will now get outage briefings."
            : "This conversation already gets outage briefings.");

    private async Task<IActivity> UnsubscribeAsync(IActivity activity, CancellationToken ct) =>
        MessageFactory.Text(await channels.UnsubscribeAsync(Subscription.ConversationIdOf(activity), ct)
            ? "This conversation will no longer get outage briefings. Type **subscribe here** to get them again."
            : "This conversation was not getting outage briefings. Type **subscribe here** to get them.");

    private static bool IsPersonal(IActivity activity) =>
        string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
