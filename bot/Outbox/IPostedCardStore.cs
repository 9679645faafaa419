namespace SupportBot.Outbox;

/// <summary>The activity that carries each card in each conversation, and the version it shows: what makes a card update in place.</summary>
public interface IPostedCardStore
{
    Task<PostedCard?> GetAsync(string mergeKey, string conversationId, CancellationToken ct);

    Task SetAsync(string mergeKey, string conversationId, PostedCard card, CancellationToken ct);

    /// <summary>
    /// Records <paramref name="card"/> only if the conversation's card is still <paramref name="expected"/> (null: none
    /// recorded); false when another writer changed it since it was read (another instance posted it meanwhile).
    /// </summary>
    Task<bool> TryReplaceAsync(string mergeKey, string conversationId, PostedCard? expected, PostedCard card, CancellationToken ct);

    /// <summary>Forgets the card in every conversation (its subject is gone).</summary>
    Task RemoveAllAsync(string mergeKey, CancellationToken ct);

    /// <summary>The card in every conversation that has it, by conversation id.</summary>
    Task<IReadOnlyDictionary<string, PostedCard>> ListAsync(string mergeKey, CancellationToken ct);
}

/// <summary>
/// The activity that carries a card in one conversation, and the card version it shows. A null
/// <see cref="ActivityId"/> is a card not (yet) known to be in the channel: <see cref="MaybePosted"/> when a post was
/// under way (recorded before posting) and its answer never recorded, e.g. the process was killed mid-send.
/// </summary>
public sealed record PostedCard(string? ActivityId, int Version)
{
    /// <summary>With a null <see cref="ActivityId"/>: a post was sent and may have reached the channel.</summary>
    public bool MaybePosted { get; init; }

    /// <summary>
    /// How many posts of this card may have reached the channel without their id being recorded: older copies that
    /// are marked superseded when someone uses them (see <see cref="OlderCardCopies"/>).
    /// </summary>
    public int UnconfirmedCopies { get; init; }

    /// <summary>
    /// With <see cref="MaybePosted"/>: which posting attempt wrote the intent (unique per attempt and instance), and
    /// since when. Another instance posts the card again only once that posting is <see cref="OutboxOptions.RepostAfter"/>
    /// old: the instance that posted may still hold the card's id and record it (its Redis failing over for longer
    /// than its lease). Null in intents written by older versions (posted again at once, as then).
    /// </summary>
    public string? Attempt { get; init; }

    public DateTimeOffset? PostingSince { get; init; }

    /// <summary>The posting is under way: recorded before the post, so a crash before its answer is recorded is noticed.</summary>
    public static PostedCard Posting(PostedCard? before, string? attempt = null, DateTimeOffset? since = null) =>
        new(null, 0) { MaybePosted = true, UnconfirmedCopies = before?.UnconfirmedCopies ?? 0, Attempt = attempt, PostingSince = since };
}
