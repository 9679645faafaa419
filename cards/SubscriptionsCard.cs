using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>A person's subscriptions with a button to stop each one, and buttons to subscribe to the usual digests.</summary>
public static class SubscriptionsCard
{
    public static JsonObject Build(IReadOnlyList<SubscriptionRow> rows, IReadOnlyList<ChatButton> suggestions, string howTo)
    {
        var body = new JsonArray { Text("Your subscriptions", size: "Large", weight: "Bolder") };
        if (rows.Count == 0) body.Add(Text("You have none yet.", subtle: true));
        foreach (var row in rows)
        {
            body.Add(Container(
            [
                Text($"**#{row.Id}** {Md(row.Description)}"),
                new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(ChatCommand(new ChatButton("Unsubscribe", $"unsubscribe {row.Id}"))) },
            ], separator: true, spacing: "Small"));
        }
        body.Add(Text(howTo, subtle: true, size: "Small", spacing: "Medium"));

        var actions = new JsonArray(suggestions.Select(s => (JsonNode)ChatCommand(s)).ToArray());
        var fallback = rows.Count == 0 ? "You have no subscriptions." : string.Join("\n", rows.Select(r => $"#{r.Id} {r.Description}"));
        return Card(body, actions, fallback);
    }

    /// <summary>
    /// A button that works like typing <see cref="ChatButton.Command"/>: Teams' messageBack puts it into the message
    /// text the bot receives, and shows it in the chat as if the person had typed it.
    /// </summary>
    public static JsonObject ChatCommand(ChatButton button) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = button.Title,
        ["data"] = new JsonObject
        {
            ["msteams"] = new JsonObject { ["type"] = "messageBack", ["text"] = button.Command, ["displayText"] = button.Command },
        },
    };
}

public sealed record SubscriptionRow(int Id, string Description);

public sealed record ChatButton(string Title, string Command);
