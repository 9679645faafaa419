using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>The outage briefing posted into support channels and updated in place as the incident changes.</summary>
public static class BriefingCard
{
    public const int MaxDescriptionChars = 1500;

    public static JsonObject Build(BriefingModel m)
    {
        var resolved = m.IsResolved;
        var state = resolved ? $"Resolved after {m.Duration}" : m.StateText;
        var header = Container(
        [
            Text($"{SeverityStyle.Emoji(m.Severity, resolved)} {m.IncidentId} · {m.Severity.ToUpperInvariant()} · {state}",
                weight: "Bolder", color: SeverityStyle.TextColor(m.Severity, resolved)),
            Text(Md(CardLimits.Truncate(m.Title, CardLimits.TitleChars)), size: "Large", weight: "Bolder", spacing: "Small"),
        ], style: SeverityStyle.ContainerStyle(m.Severity, resolved), bleed: true);

        var body = new JsonArray { header };
        if (m.WarnedText is not null) body.Add(Text("🔭 " + TeamsText.Escape(m.WarnedText), color: "accent", weight: "Bolder", spacing: "Small"));
        if (!string.IsNullOrWhiteSpace(m.Description))
            body.Add(Text(Md(CardLimits.Truncate(m.Description, MaxDescriptionChars)), maxLines: 6));

        var facts = new List<(string, string)>
        {
            ("Service", Md(m.Service)),
            ("Severity", m.Severity),
            ("State", m.StateText),
            ("Started", Time(m.StartedAt)),
        };
        if (m.ResolvedAt is { } resolvedAt)
        {
            facts.Add(("Resolved", Time(resolvedAt)));
            facts.Add(("Duration", m.Duration ?? ""));
        }
        facts.Add(("Alerts", m.AlertsFact));
        if (m.AcknowledgedBy is not null) facts.Add(("Acknowledged", Md(m.AcknowledgedBy)));
        if (m.Assignee is not null) facts.Add(("Assignee", Md(m.Assignee)));
        body.Add(FactSet(facts));
        AddUpdates(body, m.Updates);

        var links = Safe(m.Links);
        JsonArray actions;
        if (m.OnCallActions && !resolved)
        {
            // The card's actions are for on-call; links become buttons in the body so that neither crowds out the other.
            if (links.Count > 0) body.Add(LinkButtons(links.Take(CardLimits.TeamsActions)));
            actions = OnCallActions.Build(m);
        }
        else actions = new JsonArray(links.Take(CardLimits.TeamsActions).Select(l => (JsonNode)OpenUrl(l.Title, l.Url)).ToArray());
        var fallback = $"{m.IncidentId} [{m.Severity}] {m.Title} — {(resolved ? "Resolved" : m.Status)}";
        return Card(body, actions, fallback);
    }

    private static void AddUpdates(JsonArray body, IReadOnlyList<CardUpdate> updates)
    {
        if (updates.Count == 0) return;
        var items = new JsonArray { Text("Latest updates", weight: "Bolder") };
        foreach (var u in updates.Take(CardLimits.BriefingUpdates))
        {
            items.Add(Text(Md(CardLimits.Truncate(u.Text, CardLimits.UpdateChars)), spacing: "Small"));
            items.Add(Text($"{Md(u.Author)} · {Time(u.At)}", subtle: true, size: "Small", spacing: "None"));
        }
        if (updates.Count > CardLimits.BriefingUpdates)
            items.Add(Text(CardLimits.More(updates.Count - CardLimits.BriefingUpdates, "earlier updates"), subtle: true, size: "Small"));
        body.Add(Container(items, separator: true, spacing: "Medium"));
    }

    internal static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

}
