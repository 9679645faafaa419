using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>
/// The on-call buttons of the briefing card: Action.Execute (Universal Actions, answered with the updated card), each
/// with an Action.Submit fallback for clients without Universal Actions. Both carry the same data: a verb, the
/// incident id and the card's inputs; the bot turns them into the equivalent chat command.
/// </summary>
public static class OnCallActions
{
    public static readonly string[] UpdateStates = ["investigating", "identified", "monitoring"];

    public static JsonArray Build(BriefingModel m)
    {
        var actions = new JsonArray();
        if (m.AcknowledgedBy is null) actions.Add(Execute("Acknowledge", "ack", m.IncidentId));

        actions.Add(ShowCard("Post update", new JsonArray
        {
            new JsonObject
            {
                ["type"] = "Input.ChoiceSet", ["id"] = "status", ["label"] = "State", ["style"] = "compact",
                ["value"] = UpdateStates.Contains(m.Status) ? m.Status : "investigating",
                ["choices"] = new JsonArray(UpdateStates.Select(s => (JsonNode)new JsonObject
                    { ["title"] = BriefingCard.Capitalize(s), ["value"] = s }).ToArray()),
            },
            new JsonObject
            {
                ["type"] = "Input.Text", ["id"] = "text", ["label"] = "What support should know", ["isMultiline"] = true,
                ["isRequired"] = true, ["maxLength"] = CardLimits.UpdateChars, ["errorMessage"] = "Write the update first.",
            },
        }, Execute("Post update", "update", m.IncidentId)));

        var resolveBody = new JsonArray();
        if (m.FiringAlerts > 0)
            resolveBody.Add(Text($"⚠️ {m.FiringAlerts} alert{(m.FiringAlerts == 1 ? " is" : "s are")} still firing. Resolve anyway?",
                color: "warning", weight: "Bolder"));
        resolveBody.Add(new JsonObject { ["type"] = "Input.Text", ["id"] = "note", ["label"] = "Note (optional)", ["maxLength"] = CardLimits.UpdateChars });
        actions.Add(ShowCard("Resolve", resolveBody,
            Execute(m.FiringAlerts > 0 ? "Resolve anyway" : "Resolve", "resolve", m.IncidentId, confirm: m.FiringAlerts > 0)));
        return actions;
    }

    private static JsonObject Execute(string title, string verb, string incidentId, bool confirm = false)
    {
        var data = new JsonObject { ["verb"] = verb, ["incident"] = incidentId };
        if (confirm) data["confirm"] = true;
        return AdaptiveCardJson.Execute(title, verb, data);
    }

    private static JsonObject ShowCard(string title, JsonArray body, JsonObject action) => new()
    {
        ["type"] = "Action.ShowCard",
        ["title"] = title,
        ["card"] = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = AdaptiveCardJson.Version,
            ["body"] = body,
            ["actions"] = new JsonArray { action },
        },
    };
}
