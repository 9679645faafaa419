using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.DevPage;

/// <summary>
/// The Adaptive Cards the bot would post right now, exactly as Teams receives them (GET /dev/cards.json):
/// the status card a rep gets for "status", a manager's daily digest of the last 24 hours, then each incident's briefing. The try-out page renders every
/// entry of "cards"; a new kind of card only has to be added here.
/// </summary>
public static class DevCards
{
    /// <summary>The newest incidents the page shows cards for (besides every open one).</summary>
    public const int Shown = 100;

    public static JsonObject Build(IReadOnlyList<Incident> incidents, DateTimeOffset now)
    {
        var open = incidents.Where(i => i.IsOpen).ToList();
        var cards = new JsonArray
        {
            Entry("status", "Status card: the answer to \"status\" or \"what's down?\"",
                StatusCard.Build(open.Select(IncidentCards.ToModel).ToList(), now)),
            Entry("digest", "Digest card: a manager's daily digest of the last 24 hours (UTC)",
                DigestCard.Build(DigestCards.ToModel(DigestFigures.Compute(incidents, now.AddDays(-1), now), DigestFrequency.Daily, TimeZoneInfo.Utc))),
        };
        foreach (var incident in incidents)
            cards.Add(Entry($"briefing-{incident.Id}", $"Briefing card of {incident.Id}, as posted into subscribed channels",
                BriefingCard.Build(IncidentCards.ToModel(incident))));

        return new JsonObject
        {
            ["incidents"] = new JsonArray(incidents.Select(i => (JsonNode)new JsonObject
            {
                ["id"] = i.Id,
                ["title"] = i.Title,
                ["service"] = i.Service,
                ["severity"] = i.Severity.ToString().ToLowerInvariant(),
                ["status"] = i.Status.ToString().ToLowerInvariant(),
                ["startedAt"] = i.StartedAt,
                ["resolvedAt"] = i.ResolvedAt,
            }).ToArray()),
            ["cards"] = cards,
        };
    }

    private static JsonObject Entry(string id, string title, JsonObject card) => new()
    {
        ["id"] = id,
        ["title"] = title,
        ["contentType"] = AdaptiveCardJson.ContentType,
        ["card"] = card,
    };
}
