using System.Text.Json.Nodes;

namespace SupportBot.Tests.Infrastructure;

public static class CardText
{
    /// <summary>Every text, title, value and url of a card built with System.Text.Json, one per line: what a reader sees.</summary>
    public static string Visible(this JsonNode card) => string.Join("\n", Strings(card));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" or "url" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s]
            : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };
}
