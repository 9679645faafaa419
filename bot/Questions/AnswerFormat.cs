using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Presentation;

namespace SupportBot.Questions;

public static class AnswerFormat
{
    // Channels that render Adaptive Cards; Slack gets Block Kit, everything else (SMS, e-mail, Telegram…) plain text.
    private static readonly HashSet<string> CardChannels = new(StringComparer.OrdinalIgnoreCase)
    {
        "msteams", "emulator", "webchat", "directline", "test",
    };

    public static bool ShowsCards(IActivity activity) => CardChannels.Contains(activity.ChannelId ?? "");

    /// <summary>The card in Teams, Block Kit in Slack (the text alone when there are no blocks), the plain text elsewhere.</summary>
    public static IMessageActivity Answer(IActivity to, JsonObject card, string text, JsonObject? slackBlocks = null)
    {
        if (ShowsCards(to)) return IncidentCards.FromCard(card);
        var reply = MessageFactory.Text(text);
        if (string.Equals(to.ChannelId, "slack", StringComparison.OrdinalIgnoreCase))
        {
            reply.Text = SlackBlocks.Escape(text);
            reply.ChannelData = NewtonsoftTree.From(slackBlocks ?? SlackBlocks.Message(text, text.Split('\n')[0], null, [SlackBlocks.Escape(text)]));
        }
        return reply;
    }
}
