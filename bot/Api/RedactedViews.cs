using SupportBot.Alerts;
using SupportBot.Redaction;

namespace SupportBot.Api;

/// <summary>
/// /api/incidents for a caller without the admin credential (Development, open): every text that came from outside —
/// titles, descriptions, alert summaries, timeline texts, names, links — redacted as chat answers are. Only a caller
/// holding the credential sees the stored text.
/// </summary>
public static class RedactedViews
{
    public static async Task<IReadOnlyList<IncidentSummaryView>> RedactAsync(IReadOnlyList<IncidentSummaryView> views, IRedactor redactor, CancellationToken ct)
    {
        var texts = views.SelectMany(v => new[] { v.Title, v.Service, v.AcknowledgedBy ?? "", v.Assignee ?? "" }).ToList();
        var clean = new Queue<string>(await redactor.RedactAsync(texts, ct));
        return views.Select(v => v with
        {
            Title = clean.Dequeue(), Service = clean.Dequeue(), AcknowledgedBy = Nullable(clean.Dequeue()), Assignee = Nullable(clean.Dequeue()),
        }).ToList();
    }

    public static async Task<IncidentView> RedactAsync(IncidentView v, IRedactor redactor, CancellationToken ct)
    {
        var texts = new List<string> { v.Title, v.Description ?? "", v.Service, v.AcknowledgedBy ?? "", v.Assignee ?? "", v.ResolvedBy ?? "" };
        texts.AddRange(v.Alerts.Select(a => a.Summary));
        texts.AddRange(v.Links.SelectMany(l => new[] { l.Title, l.Url }));
        texts.AddRange(v.Timeline.SelectMany(e => new[] { e.Text, e.Actor }));
        var clean = new Queue<string>(await redactor.RedactAsync(texts, ct));
        return v with
        {
            Title = clean.Dequeue(), Description = Nullable(clean.Dequeue()), Service = clean.Dequeue(),
            AcknowledgedBy = Nullable(clean.Dequeue()), Assignee = Nullable(clean.Dequeue()), ResolvedBy = Nullable(clean.Dequeue()),
            Alerts = v.Alerts.Select(a => a with { Summary = clean.Dequeue() }).ToList(),
            Links = v.Links.Select(_ => new AlertLink(clean.Dequeue(), clean.Dequeue())).ToList(),
            Timeline = v.Timeline.Select(e => e with { Text = clean.Dequeue(), Actor = clean.Dequeue() }).ToList(),
        };
    }

    private static string? Nullable(string s) => s.Length == 0 ? null : s;
}
