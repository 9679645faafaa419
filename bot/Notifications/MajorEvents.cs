using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Outbox;
using SupportBot.Presentation;

namespace SupportBot.Notifications;

/// <summary>
/// Major-event roll-ups: when more than Storm:Threshold new incidents would be posted into one channel within
/// Storm:Window, the next ones join one roll-up card there (merge key MAJOR-{id}), updated in place as they open
/// and resolve, instead of a card each. Whether a channel is in a storm is decided in the shared <see cref="IStormStore"/>,
/// so every instance agrees. The incidents whose own card reached the channel before its storm began keep their own
/// cards; one still waiting to be posted then joins the roll-up instead (<see cref="StormDiversion"/>).
/// </summary>
public sealed class MajorEvents(IStormStore storms, IIncidentStore incidents, ChannelOutbox outbox, IPostedCardStore posted,
    IncidentPresenter presenter, IOptions<StormOptions> options, TimeProvider time)
{
    private const string KeyPrefix = "MAJOR-";

    public static string Key(int id) => KeyPrefix + id;

    public static bool TryParse(string mergeKey, out int id)
    {
        id = 0;
        return mergeKey.StartsWith(KeyPrefix, StringComparison.Ordinal) && int.TryParse(mergeKey.AsSpan(KeyPrefix.Length), out id);
    }

    /// <summary>
    /// True when the channel sees this change of the incident on its roll-up rather than on the incident's own card:
    /// it opened during the channel's storm, or did earlier. A change the roll-up shows (<paramref name="shown"/>:
    /// opening, state, severity, title) queues the roll-up's next version; the card itself is rendered when the outbox
    /// sends it (<see cref="LatestRollUp"/>), so a storm's many changes cost no rendering here.
    /// </summary>
    public async Task<bool> TakeAsync(ConversationReference conversation, Incident incident, bool opened, bool shown, CancellationToken ct,
        Func<Task<BriefingModel>>? model = null)
    {
        var id = conversation.Conversation.Id;
        RollUpVersion? rollUp;
        if (opened || shown)
        {
            var line = LineOf(incident, await (model?.Invoke() ?? presenter.ModelAsync(incident, ct)));
            rollUp = opened
                ? await storms.AdmitAsync(id, incident.Number, time.GetUtcNow(), options.Value.Threshold, options.Value.Window, ct, line)
                : await storms.TouchAsync(id, incident.Number, ct, line);
        }
        else return await storms.RollUpOfAsync(id, incident.Number, ct) is not null;
        if (rollUp is null) return false;
        await outbox.CardAsync(conversation, Key(rollUp.Id), rollUp.Version, onlyIfPosted: false, Placeholder(rollUp.Id), ct,
            urgent: opened || !incident.IsOpen);
        if (!incident.IsOpen && await AllResolvedAsync(id, rollUp.Id, ct)) await storms.CloseAsync(id, rollUp.Id, ct);
        return true;
    }

    /// <summary>
    /// The incident's own card is about to reach the channel for the first time: when the channel's storm began since
    /// the card was queued, the incident joins the storm's roll-up instead (its roll-up version is queued, urgent: a reader
    /// sees the incident there first) and true is returned: the own card is not posted. With <paramref name="posting"/>
    /// a false answer is final (see <see cref="IStormStore.DivertAsync"/>).
    /// </summary>
    public async Task<bool> DivertAsync(ConversationReference conversation, int number, bool posting, CancellationToken ct)
    {
        var id = conversation.Conversation.Id;
        if (await storms.DivertAsync(id, number, posting, ct) is not { } rollUp) return false;
        var incident = await incidents.GetAsync(number, ct);
        if (incident is not null) await storms.NoteAsync(id, number, LineOf(incident, await presenter.ModelAsync(incident, ct)), ct);
        await outbox.CardAsync(conversation, Key(rollUp.Id), rollUp.Version, onlyIfPosted: false, Placeholder(rollUp.Id), ct, urgent: true);
        if (incident is { IsOpen: false } && await AllResolvedAsync(id, rollUp.Id, ct)) await storms.CloseAsync(id, rollUp.Id, ct);
        return true;
    }

    /// <summary>
    /// Re-offers the roll-ups that carry <paramref name="incident"/> in these channels where the channel's card is behind
    /// the roll-up (its last version given up on while the channel failed); true when none is behind.
    /// </summary>
    public async Task<bool> CatchUpAsync(Incident incident, IEnumerable<ConversationReference> channels, CancellationToken ct)
    {
        var caughtUp = true;
        foreach (var conversation in channels)
        {
            var id = conversation.Conversation.Id;
            if (await storms.RollUpOfAsync(id, incident.Number, ct) is not { } rollUpId || await storms.GetAsync(id, rollUpId, ct) is not { } rollUp) continue;
            var card = await posted.GetAsync(Key(rollUpId), id, ct);
            var behind = card is null ? incident.IsOpen : card.ActivityId is null || card.Version < rollUp.Version;
            if (!behind) continue;
            caughtUp = false;
            await outbox.CardAsync(conversation, Key(rollUpId), rollUp.Version, onlyIfPosted: false, Placeholder(rollUpId), ct);
        }
        return caughtUp;
    }

    /// <summary>Incidents that left the store (retention) leave the channels' roll-ups; a closed roll-up left empty is forgotten.</summary>
    public async Task ForgetAsync(IEnumerable<string> conversationIds, IReadOnlyCollection<int> numbers, CancellationToken ct)
    {
        if (numbers.Count == 0) return;
        foreach (var id in conversationIds)
        foreach (var batch in numbers.Chunk(500))
            await storms.ForgetAsync(id, batch, ct);
    }

    /// <summary>Whether a change of <paramref name="current"/> shows on a roll-up, which lists each incident's number, severity, state and title.</summary>
    public static bool Shown(Incident? previous, Incident current) =>
        previous is null || previous.Status != current.Status || previous.Severity != current.Severity
        || previous.Title != current.Title || previous.Service != current.Service
        || previous.Flapping?.Changes != current.Flapping?.Changes || previous.Flapping?.Window != current.Flapping?.Window;

    /// <summary>
    /// Whether every incident on the roll-up has resolved. The lines kept with the roll-up say which are resolved; an
    /// incident whose line says open (or that has none) is asked of the incident store, one at a time, until one is open.
    /// </summary>
    private async Task<bool> AllResolvedAsync(string conversationId, int id, CancellationToken ct)
    {
        if (await storms.GetAsync(conversationId, id, ct, lines: true) is not { } rollUp) return false;
        foreach (var number in rollUp.Members)
        {
            if (rollUp.Lines.TryGetValue(number, out var line) && RollUpEntry.Read(line) is { Status: IncidentStatus.Resolved }) continue;
            if (await incidents.GetAsync(number, ct) is { IsOpen: true }) return false;
        }
        return true;
    }

    private static RollUpLine LineOf(Incident incident, BriefingModel model) => new(incident.Version, RollUpEntry.Of(incident, model).Write());

    /// <summary>What the outbox queues: it sends the roll-up as it is at send time instead, so this only shows if the roll-up were gone.</summary>
    private static IMessageActivity Placeholder(int id) => MessageFactory.Text($"Major event ({Key(id)}): several incidents at once; say **status** for the list.");

    /// <summary>The merge key of the card that stands for the incident in the channel: its roll-up's, or its own.</summary>
    public async Task<string> CardKeyAsync(string conversationId, Incident incident, CancellationToken ct) =>
        await RollUpKeyAsync(conversationId, incident.Number, ct) ?? BriefingKey.Of(incident.Number);

    /// <summary>The merge key of the roll-up that carries the incident in the channel; null when it is on none there.</summary>
    public async Task<string?> RollUpKeyAsync(string conversationId, int number, CancellationToken ct) =>
        await storms.RollUpOfAsync(conversationId, number, ct) is { } id ? Key(id) : null;

    /// <summary>The incidents in a roll-up of the channel: they have no card of their own there.</summary>
    public Task<IReadOnlySet<int>> RolledUpAsync(string conversationId, CancellationToken ct) => storms.MembersAsync(conversationId, ct);

    /// <summary>The roll-up's card as it is now, and whether all its incidents have resolved.</summary>
    public async Task<(int Version, IMessageActivity Card, bool Resolved)?> LatestAsync(ConversationReference conversation, int id, CancellationToken ct)
    {
        if (await storms.GetAsync(conversation.Conversation.Id, id, ct, lines: true) is not { } rollUp) return null;
        var entries = new List<RollUpEntry>(rollUp.Members.Count);
        var unknown = new List<int>();
        foreach (var number in rollUp.Members)
            if (rollUp.Lines.TryGetValue(number, out var line) && RollUpEntry.Read(line) is { } entry) entries.Add(entry);
            else unknown.Add(number);
        // Members kept without a line (an older version of the bot wrote them) are read whole, as before.
        if (unknown.Count > 0)
        {
            var read = (await Task.WhenAll(unknown.Select(n => incidents.GetAsync(n, ct)))).OfType<Incident>().ToList();
            var models = await presenter.ModelsAsync(read, ct);
            entries.AddRange(read.Select((incident, i) => RollUpEntry.Of(incident, models[i])));
        }
        if (entries.Count == 0) return null;
        var model = new RollUpModel(RollUpEntry.Sorted(entries).Select(e => e.Model()).ToList());
        return (rollUp.Version, IncidentCards.RollUp(model, conversation.ChannelId), model.IsResolved);
    }
}
