using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace SupportBot.Tests.Infrastructure;

public static class ActivityText
{
    /// <summary>Everything a reader sees in a reply: the text, or the texts, titles, values and URLs of its Adaptive Card.</summary>
    public static string Visible(IActivity activity)
    {
        var message = activity.AsMessageActivity();
        var card = message?.Attachments?.FirstOrDefault(a => a.ContentType == "application/vnd.microsoft.card.adaptive")?.Content;
        if (card is null) return message?.Text ?? "";
        var json = CardJson(card);
        return string.Join("\n", json.Descendants().OfType<JProperty>()
            .Where(p => p.Name is "text" or "title" or "value" or "url" && p.Value.Type == JTokenType.String)
            .Select(p => CardText.Unescaped(p.Value.ToString())));
    }

    /// <summary>An attachment's card as a tree, however the activity carries it (the bot sends its cards as raw JSON).</summary>
    public static JObject CardJson(object content) => content switch
    {
        JObject tree => tree,
        JRaw raw => JObject.Parse((string)raw.Value!),
        _ => JObject.FromObject(content),
    };
}
