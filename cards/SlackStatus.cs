using System.Text.Json.Nodes;
using static SupportBot.Cards.BlockKit;

namespace SupportBot.Cards;

/// <summary>The answer to "status" as a native Slack message, like <see cref="StatusCard"/>.</summary>
public static class SlackStatus
{
    public static JsonObject Build(IReadOnlyList<BriefingModel> open, DateTimeOffset now, int? openCount = null)
    {
        var total = openCount ?? open.Count;
        if (total == 0)
            return Message("All systems operational",
                [Section($"✅ *All systems operational*\nNo open incidents as of {AdaptiveCardJson.Time(now)}.")], SeverityStyle.Hex("info", resolved: true));

        var blocks = new JsonArray { Section($"*{total} open incident{(total == 1 ? "" : "s")}*") };
        foreach (var m in open.Take(StatusCard.MaxListed))
            blocks.Add(Section($"{SeverityStyle.Emoji(m.Severity, false)} *{m.IncidentId}* · {m.Severity} · {Escape(m.Service)}\n{Escape(m.Title)}\n" +
                               $"_{BriefingCard.Capitalize(m.Status)} since {AdaptiveCardJson.Time(m.StartedAt)} · {m.FiringAlerts} alert{(m.FiringAlerts == 1 ? "" : "s")} firing_"));
        var listed = Math.Min(StatusCard.MaxListed, open.Count);
        if (total > listed) blocks.Add(Context(CardLimits.More(total - listed)));
        blocks.Add(Context(Escape("Ask \"incident <n>\" for details.")));
        var worst = open.MinBy(m => SeverityRank(m.Severity))!;
        return Message(string.Join("\n", open.Take(StatusCard.MaxListed).Select(m => $"{m.IncidentId} [{m.Severity}] {m.Service}: {m.Title}")), blocks, SeverityStyle.Hex(worst.Severity, false));
    }

    private static int SeverityRank(string severity) => Array.IndexOf(["critical", "major", "minor", "info"], severity.ToLowerInvariant()) is var i and >= 0 ? i : 4;
}
