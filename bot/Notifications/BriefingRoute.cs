using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>Whether a briefing channel is owed an incident's card: it follows the incident's service at its severity, or already shows the card.</summary>
public static class BriefingRoute
{
    public static bool Follows(BriefingChannel channel, Incident incident) => channel.Follows(incident.Service, incident.Severity);

    /// <summary>Posted, or perhaps posted (the send was cut off before its id was kept).</summary>
    public static bool HasCard(PostedCard? card) => card is not (null or { ActivityId: null, MaybePosted: false });
}
