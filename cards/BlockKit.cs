using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>Block Kit building blocks for the briefing, status and timeline, each cutting text to Slack's limits.</summary>
public static class BlockKit
{
    public static string Escape(string s) => SlackBlocks.Escape(s);

    public static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = Mrkdwn(CardLimits.Truncate(mrkdwn, CardLimits.SlackSectionChars)),
    };

    public static JsonObject Fields(IEnumerable<(string Title, string Value)> facts)
    {
        var list = facts.ToList();
        var shown = list.Count <= CardLimits.SlackFields ? list : [.. list.Take(CardLimits.SlackFields - 1), ("More", CardLimits.More(list.Count - (CardLimits.SlackFields - 1)))];
        return new JsonObject
        {
            ["type"] = "section",
            ["fields"] = new JsonArray(shown.Select(f =>
                (JsonNode)Mrkdwn(CardLimits.Truncate($"*{Escape(f.Title)}*\n{Escape(f.Value)}", CardLimits.SlackFieldChars))).ToArray()),
        };
    }

    public static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(Mrkdwn(CardLimits.Truncate(mrkdwn, CardLimits.SlackSectionChars))),
    };

    public static JsonObject Button(string text, string actionId, string value, string? style = null, JsonObject? confirm = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true },
            ["action_id"] = actionId,
            ["value"] = value,
        };
        if (style is not null) button["style"] = style;
        if (confirm is not null) button["confirm"] = confirm;
        return button;
    }

    /// <summary>A confirm dialog; <paramref name="text"/> is plain text (escaped here), the rest plain_text.</summary>
    public static JsonObject Confirm(string title, string text, string confirm, string deny) => new()
    {
        ["title"] = Plain(title),
        ["text"] = Mrkdwn(Escape(text)),
        ["confirm"] = Plain(confirm),
        ["deny"] = Plain(deny),
    };

    public static JsonObject Actions(params JsonObject[] elements) => new()
    {
        ["type"] = "actions",
        ["elements"] = new JsonArray(elements.Select(e => (JsonNode)e).ToArray()),
    };

    /// <summary>
    /// The activity's channelData for the Azure Bot Service Slack channel, which hands it to Slack as the message:
    /// text for notifications, the blocks in a coloured attachment (Block Kit has no colour of its own).
    /// <paramref name="text"/> is plain text: Slack parses the top-level text and the fallback too, so it is escaped here.
    /// </summary>
    public static JsonObject Message(string text, JsonArray blocks, string? color = null)
    {
        if (blocks.Count > CardLimits.SlackBlocks)
        {
            var cut = blocks.Count - (CardLimits.SlackBlocks - 1);
            while (blocks.Count > CardLimits.SlackBlocks - 1) blocks.RemoveAt(blocks.Count - 1);
            blocks.Add(Context(CardLimits.More(cut)));
        }
        var message = new JsonObject { ["text"] = CardLimits.Truncate(Escape(text), CardLimits.SlackSectionChars) };
        if (color is null) message["blocks"] = blocks;
        else message["attachments"] = new JsonArray(new JsonObject { ["color"] = color, ["fallback"] = message["text"]!.GetValue<string>(), ["blocks"] = blocks });
        return message;
    }

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
