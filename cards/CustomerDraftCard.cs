using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>A customer-facing draft in two lengths, ready to copy.</summary>
public sealed record CustomerDraftModel(string IncidentId, string Email, string Post);

public static class CustomerDraftCard
{
    public static JsonObject Build(CustomerDraftModel m) => Card(
    [
        Text($"✉️ Customer reply draft · {m.IncidentId}", size: "Large", weight: "Bolder"),
        Text("Written from the incident's state only: no internal notes, hosts or logs. Check it before you send it.", subtle: true, spacing: "None"),
        Container([Text("Email", weight: "Bolder", size: "Small"), Text(Md(m.Email), spacing: "Small")], style: "emphasis", separator: true, spacing: "Medium"),
        Container([Text($"Short post ({m.Post.Length}/280)", weight: "Bolder", size: "Small"), Text(Md(m.Post), spacing: "Small")], style: "emphasis", spacing: "Medium"),
    ], fallbackText: FallbackText(m));

    public static string FallbackText(CustomerDraftModel m) =>
        $"Customer reply draft for {m.IncidentId}\n\nEmail:\n{m.Email}\n\nShort post ({m.Post.Length}/280):\n{m.Post}";
}
