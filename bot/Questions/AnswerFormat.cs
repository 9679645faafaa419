using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Notifications;

namespace SupportBot.Questions;

public static class AnswerFormat
{
    // Channels that render Adaptive Cards; everything else (Slack, SMS, e-mail, Telegram…) gets the card's text.
    private static readonly HashSet<string> CardChannels = new(StringComparer.OrdinalIgnoreCase)
    {
        "msteams", "emulator", "webchat", "directline", "test",
    };

    public static bool ShowsCards(IActivity activity) => CardChannels.Contains(activity.ChannelId ?? "");

    /// <summary>The card where the channel shows cards, its plain-text version elsewhere.</summary>
    public static IMessageActivity Answer(IActivity to, JsonObject card, string text) =>
        ShowsCards(to) ? IncidentCards.FromCard(card) : MessageFactory.Text(text);
}
