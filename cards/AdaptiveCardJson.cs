using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>Small helpers for writing Adaptive Card 1.5 JSON by hand.</summary>
public static class AdaptiveCardJson
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";

    public static JsonObject Card(JsonArray body, JsonArray? actions = null, string? fallbackText = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
            // Full width reads better in a Teams channel; mobile ignores it.
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        if (actions is { Count: > 0 }) card["actions"] = actions;
        if (fallbackText is not null) card["fallbackText"] = fallbackText;
        return card;
    }

    public static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null,
        bool subtle = false, bool wrap = true, string? spacing = null, int? maxLines = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = wrap };
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (color is not null) block["color"] = color;
        if (subtle) block["isSubtle"] = true;
        if (spacing is not null) block["spacing"] = spacing;
        if (maxLines is not null) block["maxLines"] = maxLines;
        return block;
    }

    public static JsonObject Container(JsonArray items, string? style = null, bool bleed = false, string? spacing = null, bool separator = false)
    {
        var container = new JsonObject { ["type"] = "Container", ["items"] = items };
        if (style is not null) container["style"] = style;
        if (bleed) container["bleed"] = true;
        if (spacing is not null) container["spacing"] = spacing;
        if (separator) container["separator"] = true;
        return container;
    }

    public static JsonObject FactSet(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray()),
    };

    /// <summary>Untrusted text for a TextBlock or fact: every markdown character literal (see <see cref="TeamsMarkdown"/>).</summary>
    public static string Md(string? text) => TeamsMarkdown.Escape(text);

    /// <summary>A row of link buttons inside the body (Action.OpenUrl: the target is what the button opens, nothing to misread).</summary>
    public static JsonObject LinkButtons(IEnumerable<CardLink> links) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JsonArray(links.Select(l => (JsonNode)OpenUrl(l.Title, l.Url)).ToArray()),
    };

    /// <summary>The links that are safe to emit, normalized (<see cref="SafeLink"/>); the others are dropped.</summary>
    public static IReadOnlyList<CardLink> Safe(IEnumerable<CardLink> links) =>
        links.Select(l => SafeLink.Normalize(l.Url) is { } url ? l with { Url = url } : null).OfType<CardLink>().ToList();

    public static JsonObject OpenUrl(string title, string url) => new()
    {
        ["type"] = "Action.OpenUrl",
        ["title"] = title,
        ["url"] = url,
    };

    /// <summary>
    /// A button the bot answers (Universal Actions: Action.Execute, answered with the updated card), with an
    /// Action.Submit fallback carrying the same data for clients without Universal Actions.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject data) => new()
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = data,
        ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data.DeepClone() },
    };

    /// <summary>UTC time in a fixed, unambiguous form; readers in every time zone see the same text.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
