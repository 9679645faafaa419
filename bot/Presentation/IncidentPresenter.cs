using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Presentation;

/// <summary>
/// Where incidents become card models for what people read (chat answers, briefings): their free texts (title,
/// description, which carry whatever the alert carried) pass the configured redactor here, once, whichever skill or
/// wording asked; then (model, channel) becomes the reply: Block Kit in Slack, an Adaptive Card elsewhere.
/// </summary>
public sealed class IncidentPresenter(IRedactor redactor, TimeProvider time)
{
    public async Task<IReadOnlyList<BriefingModel>> ModelsAsync(IReadOnlyList<Incident> incidents, CancellationToken ct)
    {
        if (incidents.Count == 0) return [];
        var texts = incidents.SelectMany(i => new[] { i.Title, i.Description ?? "" }).ToList();
        var clean = await redactor.RedactAsync(texts, ct);
        return incidents.Select((i, n) => IncidentCards.ToModel(i, clean[2 * n], i.Description is null ? null : clean[2 * n + 1])).ToList();
    }

    public async Task<BriefingModel> ModelAsync(Incident incident, CancellationToken ct) => (await ModelsAsync([incident], ct))[0];

    /// <summary>One incident's briefing for the channel.</summary>
    public async Task<IMessageActivity> BriefingAsync(Incident incident, string? channelId, CancellationToken ct) =>
        IncidentCards.Briefing(await ModelAsync(incident, ct), incident, channelId);

    /// <summary>The status answer: the most severe open incidents (the count of all open ones), then the warning lines.</summary>
    public async Task<IMessageActivity> StatusAsync(OpenIncidents open, IReadOnlyList<string> warnings, string? channelId, CancellationToken ct,
        string? follows = null) =>
        IncidentCards.Status(await ModelsAsync(open.MostSevere.Take(StatusCard.MaxListed).ToList(), ct), open.Count, time.GetUtcNow(), channelId, warnings, follows);
}
