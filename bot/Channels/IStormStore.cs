namespace SupportBot.Channels;

/// <summary>
/// Each briefing channel's alert storms, shared by every instance: which incidents opened into the channel lately,
/// and the major-event roll-ups that stand in for the cards of incidents opened during a storm.
/// </summary>
public interface IStormStore
{
    /// <summary>
    /// Counts incident <paramref name="number"/> as new in the conversation at <paramref name="now"/>. When a roll-up is
    /// open there, or more than <paramref name="threshold"/> incidents opened within <paramref name="window"/> (a
    /// roll-up opens now), the incident joins it and the roll-up's new version is returned; null: the incident gets its
    /// own card. Asked again for a member, it returns the member's roll-up as it is; asked again for an incident that was
    /// given its own card (a reconcile pass re-offering a card the tenant's pacing still holds), null again: an incident
    /// is never both on its own card and on a roll-up in one channel.
    /// </summary>
    Task<RollUpVersion?> AdmitAsync(string conversationId, int number, DateTimeOffset now, int threshold, TimeSpan window, CancellationToken ct);

    /// <summary>
    /// The incident's own card is about to reach the conversation for the first time. When the channel's storm began
    /// after <see cref="AdmitAsync"/> gave the incident its own card there, and that card has not reached the channel
    /// yet, the incident joins the open roll-up instead (it did not open before the storm in the channel's eyes): the
    /// roll-up's new version is returned, and the own card must not be posted. A member: its roll-up as it is. Otherwise
    /// null: post the card; with <paramref name="posting"/> the card counts as in the channel from now on, so no storm
    /// takes the incident onto a roll-up afterwards (an incident is never both on its own card and on a roll-up).
    /// </summary>
    Task<RollUpVersion?> DivertAsync(string conversationId, int number, bool posting, CancellationToken ct);

    /// <summary>A member changed: the next version of its roll-up; null when the incident is in no roll-up there.</summary>
    Task<RollUpVersion?> TouchAsync(string conversationId, int number, CancellationToken ct);

    /// <summary>The roll-up with its members (their numbers, in no particular order), or null.</summary>
    Task<RollUp?> GetAsync(string conversationId, int id, CancellationToken ct);

    /// <summary>Ends the channel's storm with this roll-up (all its incidents resolved): the next incidents are counted afresh.</summary>
    Task CloseAsync(string conversationId, int id, CancellationToken ct);

    /// <summary>The roll-up the incident is in there, if any.</summary>
    Task<int?> RollUpOfAsync(string conversationId, int number, CancellationToken ct);

    /// <summary>The incidents in any roll-up of the conversation: they have no card of their own there.</summary>
    Task<IReadOnlySet<int>> MembersAsync(string conversationId, CancellationToken ct);

    /// <summary>
    /// Incidents that are gone from the store leave their roll-ups; a roll-up no longer open and left without members
    /// is forgotten with them (so a year of storms costs what the retention window holds).
    /// </summary>
    Task ForgetAsync(string conversationId, IReadOnlyCollection<int> numbers, CancellationToken ct);
}

/// <summary>A roll-up's version after a change: its card's version in the outbox.</summary>
public sealed record RollUpVersion(int Id, int Version);

/// <summary>A major-event roll-up in one channel: its members, and whether new incidents still join it.</summary>
public sealed record RollUp(int Id, int Version, bool Open, IReadOnlyList<int> Members);
