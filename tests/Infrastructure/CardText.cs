using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SupportBot.Tests.Infrastructure;

public static partial class CardText
{
    /// <summary>Card markdown as a reader sees it: backslash escapes of punctuation (CommonMark) are not shown.</summary>
    public static string Unescaped(string text) => MarkdownEscape().Replace(text, "$1");

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();

    /// <summary>Every text, title, value and url of a card built with System.Text.Json, one per line: what a reader sees.</summary>
    public static string Visible(this JsonNode card) => string.Join("\n", Strings(card));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" or "url" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [Unescaped(s)]
            : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };
}
