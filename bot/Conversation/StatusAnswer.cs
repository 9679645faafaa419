using Microsoft.Bot.Schema;
using SupportBot.Cards;
using SupportBot.EarlyWarning;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Conversation;

/// <summary>
/// The answer to "how are things?", however it was asked ("status", "what's down?", "what's the status?", a typo):
/// the most severe open incidents and the active early warnings, presented once for the channel.
/// </summary>
public sealed class StatusAnswer(IIncidentStore incidents, IEarlyWarningStore warnings, IncidentPresenter presenter)
{
    public async Task<IMessageActivity> ForAsync(string? channelId, CancellationToken ct)
    {
        var open = await incidents.ListOpenAsync(StatusCard.MaxListed, ct);
        var active = await warnings.ListActiveAsync(ct);
        return await presenter.StatusAsync(open, active.Select(EarlyWarningCards.Line).ToList(), channelId, ct);
    }
}
