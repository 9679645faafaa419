using System.Text.Json.Nodes;
using static SupportBot.Cards.BlockKit;

namespace SupportBot.Cards;

/// <summary>The outage briefing as a native Slack message: the same facts, colours and on-call buttons as the Teams card.</summary>
public static class SlackBriefing
{
    public static JsonObject Build(BriefingModel m)
    {
        var resolved = m.IsResolved;
        var state = resolved ? $"Resolved after {m.Duration}" : m.StateText;
        var blocks = new JsonArray
        {
            Section($"{SeverityStyle.Emoji(m.Severity, resolved)} *{m.IncidentId} · {m.Severity.ToUpperInvariant()} · {Escape(state)}*\n" +
                    $"*{Escape(CardLimits.Truncate(m.Title, CardLimits.TitleChars))}*"),
        };
        if (m.WarnedText is not null) blocks.Add(Context("🔭 " + Escape(m.WarnedText)));
        if (!string.IsNullOrWhiteSpace(m.Description))
            blocks.Add(Section(Escape(CardLimits.Truncate(m.Description, BriefingCard.MaxDescriptionChars))));

        var facts = new List<(string, string)>
        {
            ("Service", m.Service),
            ("Severity", m.Severity),
            ("State", m.StateText),
            ("Started", AdaptiveCardJson.Time(m.StartedAt)),
        };
        if (m.ResolvedAt is { } resolvedAt)
        {
            facts.Add(("Resolved", AdaptiveCardJson.Time(resolvedAt)));
            facts.Add(("Duration", m.Duration ?? ""));
        }
        facts.Add(("Alerts", m.AlertsFact));
        if (m.AcknowledgedBy is not null) facts.Add(("Acknowledged", m.AcknowledgedBy));
        if (m.Assignee is not null) facts.Add(("Assignee", m.Assignee));
        blocks.Add(Fields(facts));

        if (m.Updates.Count > 0)
        {
            blocks.Add(Section("*Latest updates*"));
            foreach (var u in m.Updates.Take(CardLimits.BriefingUpdates))
                blocks.Add(Section($"{Escape(CardLimits.Truncate(u.Text, CardLimits.UpdateChars))}\n_{Escape(u.Author)} · {AdaptiveCardJson.Time(u.At)}_"));
            if (m.Updates.Count > CardLimits.BriefingUpdates)
                blocks.Add(Context(CardLimits.More(m.Updates.Count - CardLimits.BriefingUpdates, "earlier updates")));
        }

        var links = AdaptiveCardJson.Safe(m.Links);
        if (links.Count > 0)
            blocks.Add(Context(string.Join(" · ", links.Take(10).Select(l => $"<{l.Url}|{Escape(l.Title)}>"))));

        if (m.OnCallActions && !resolved)
        {
            var buttons = new List<JsonObject>();
            if (m.AcknowledgedBy is null) buttons.Add(Button("Acknowledge", "ack", m.IncidentId, "primary"));
            buttons.Add(Button("Post update", "update", m.IncidentId));
            buttons.Add(m.FiringAlerts > 0
                ? Button("Resolve", "resolve", m.IncidentId + " confirm", "danger", Confirm($"Resolve {m.IncidentId}?",
                    $"{m.FiringAlerts} alert{(m.FiringAlerts == 1 ? " is" : "s are")} still firing.", "Resolve anyway", "Cancel"))
                : Button("Resolve", "resolve", m.IncidentId, "danger"));
            blocks.Add(Actions([.. buttons]));
        }

        var text = $"{m.IncidentId} [{m.Severity}] {m.Service}: {m.Title}" + (resolved ? " — resolved" : "");
        return Message(text, blocks, SeverityStyle.Hex(m.Severity, resolved));
    }
}
