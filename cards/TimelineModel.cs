namespace SupportBot.Cards;

/// <summary>An incident's history, oldest entry first.</summary>
public sealed record TimelineModel(string IncidentId, string Title, IReadOnlyList<TimelineEntry> Entries);

/// <summary>One line of history; <see cref="Internal"/> marks on-call notes.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Text, bool Internal = false);
