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
    /// <paramref name="line"/>: what the roll-up shows of the incident, kept with it when it joins (see <see cref="RollUpLine"/>).
    Task<RollUpVersion?> AdmitAsync(string conversationId, int number, DateTimeOffset now, int threshold, TimeSpan window, CancellationToken ct,
        RollUpLine? line = null);

    /// <summary>
    /// The incident's own card is about to reach the conversation for the first time. When the channel's storm began
    /// after <see cref="AdmitAsync"/> gave the incident its own card there, and that card has not reached the channel
    /// yet, the incident joins the open roll-up instead (it did not open before the storm in the channel's eyes): the
    /// roll-up's new version is returned, and the own card must not be posted. A member: its roll-up as it is. Otherwise
    /// null: post the card; with <paramref name="posting"/> the card counts as in the channel from now on, so no storm
    /// takes the incident onto a roll-up afterwards (an incident is never both on its own card and on a roll-up).
    /// </summary>
    Task<RollUpVersion?> DivertAsync(string conversationId, int number, bool posting, CancellationToken ct);

    /// <summary>
    /// A member changed: the next version of its roll-up, with the member's <paramref name="line"/> as it is now (in the
    /// same atomic step, so a card rendered for that version shows the change); null when the incident is in no roll-up there.
    /// </summary>
    Task<RollUpVersion?> TouchAsync(string conversationId, int number, CancellationToken ct, RollUpLine? line = null);

    /// <summary>Keeps what the roll-up shows of a member (one that joined without it: diverted from its own card).</summary>
    Task NoteAsync(string conversationId, int number, RollUpLine line, CancellationToken ct);

    /// <summary>
    /// The roll-up with its members (their numbers, in no particular order), or null; with <paramref name="lines"/> also the
    /// line kept for each (a member without one is read from the incident store). One read, however many members.
    /// </summary>
    Task<RollUp?> GetAsync(string conversationId, int id, CancellationToken ct, bool lines = false);

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
public sealed record RollUp(int Id, int Version, bool Open, IReadOnlyList<int> Members)
{
    /// <summary>What the roll-up shows of each member, by incident number, as last kept (members without one are missing).</summary>
    public IReadOnlyDictionary<int, RollUpLine> Lines { get; init; } = new Dictionary<int, RollUpLine>();
}

/// <summary>
/// What a roll-up shows of one of its incidents (number, severity, state, title, service, flapping: <see cref="Text"/>,
/// written and read by the roll-up's renderer), as of the incident's <see cref="Version"/>: kept with the roll-up so that
/// rendering it reads one small hash instead of every member incident with all its alerts. An older version never
/// replaces a newer one (two instances may write one member's changes out of order).
/// </summary>
public sealed record RollUpLine(int Version, string Text);
