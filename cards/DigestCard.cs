using System.Text.Json.Nodes;
using static SupportBot.Cards.AdaptiveCardJson;

namespace SupportBot.Cards;

/// <summary>The personal incident digest: what happened in a period, per service, and how fast it was handled.</summary>
public static class DigestCard
{
    public static JsonObject Build(DigestModel m)
    {
        var body = new JsonArray
        {
            Container(
            [
                Text($"📊 {m.Title}", size: "Large", weight: "Bolder"),
                Text(m.Period, subtle: true, spacing: "Small"),
            ], style: m.Quiet ? "good" : "emphasis", bleed: true),
        };

        if (m.Quiet)
        {
            body.Add(Text("✅ No incidents in this period.", weight: "Bolder", color: "good"));
            if (m.EarlyWarnings is not null) body.Add(FactSet([("Early warnings", m.EarlyWarnings)]));
            return Card(body, fallbackText: $"{m.Title} — {m.Period}: no incidents");
        }

        body.Add(FactSet(
        [
            ("Opened", m.Opened.ToString()),
            ("Resolved", m.Resolved.ToString()),
            ("Still open", m.StillOpen.ToString()),
            ("Time to acknowledge", m.TimeToAcknowledge),
            ("Time to resolve", m.TimeToResolve),
            .. m.EarlyWarnings is null ? Array.Empty<(string, string)>() : [("Early warnings", m.EarlyWarnings)],
        ]));

        body.Add(Heading("By service"));
        foreach (var s in m.Services)
        {
            body.Add(Container(
            [
                Text($"**{Md(s.Service)}** · {s.Counts}"),
                Text($"Downtime {s.DowntimeMinutes} min · availability {s.Availability}", subtle: true, spacing: "None"),
            ], spacing: "Small"));
        }

        if (m.Longest.Count > 0)
        {
            body.Add(Heading("Longest incidents"));
            foreach (var i in m.Longest)
            {
                var id = SafeLink.Normalize(i.Url) is { } url ? $"[**{i.IncidentId}**]({url})" : $"**{i.IncidentId}**";
                var open = i.StillOpen ? " (still open)" : "";
                body.Add(Text($"{SeverityStyle.Emoji(i.Severity, false)} {id} · {i.Duration}{open} · {Md(i.Service)} — {Md(i.Title)}", spacing: "Small"));
            }
        }

        var fallback = $"{m.Title} — {m.Period}: {m.Opened} opened, {m.Resolved} resolved, {m.StillOpen} still open";
        return Card(body, fallbackText: fallback);
    }

    private static JsonObject Heading(string text)
    {
        var block = Text(text, weight: "Bolder", spacing: "Medium");
        block["separator"] = true;
        return block;
    }
}
