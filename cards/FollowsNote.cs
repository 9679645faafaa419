using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>A line under the status answer in a channel that gets briefings for some services only: what it follows.</summary>
public static class FollowsNote
{
    public static string Line(string follows) =>
        $"Briefings in this channel: {follows}. This list shows every open incident.";

    public static void AppendToCard(JsonObject card, string? follows)
    {
        if (follows is null) return;
        card["body"]!.AsArray().Add(Text(TeamsText.Escape(Line(follows)), subtle: true, size: "Small", spacing: "Medium"));
    }

    public static void AppendToSlack(JsonObject message, string? follows)
    {
        if (follows is null) return;
        var blocks = (message["attachments"]?[0]?["blocks"] ?? message["blocks"])!.AsArray();
        blocks.Add(BlockKit.Context(BlockKit.Escape(Line(follows))));
    }
}
