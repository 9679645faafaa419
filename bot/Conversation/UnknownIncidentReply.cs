using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using SupportBot.Incidents;

namespace SupportBot.Conversation;

/// <summary>The answer when someone names an incident that does not exist: say so, and name the open ones.</summary>
public static class UnknownIncidentReply
{
    public static async Task<IActivity> ForAsync(int number, IIncidentStore incidents, CancellationToken ct)
    {
        var open = (await incidents.ListOpenAsync(10, ct)).MostSevere.Select(i => i.Id).ToList();
        return MessageFactory.Text(open.Count == 0
            ? $"There is no incident INC-{number}, and nothing is open right now."
            : $"There is no incident INC-{number}. Open incidents: {string.Join(", ", open)}.");
    }
}
