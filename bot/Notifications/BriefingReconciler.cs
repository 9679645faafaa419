using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Channels;
using SupportBot.Coordination;
using SupportBot.Incidents;
using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>
/// Closes the gap between storing an incident change and its cards reaching the channels (a crash or Redis gone in
/// between, a card given up on while a channel was failing): at start and then every Outbox:ReconcileInterval the
/// leader compares the incidents that can be behind with the version their card shows in each channel, and re-offers
/// the current card only where a card is behind. What can be behind: incidents written since the pass's mark (the
/// store's change log, read from the mark on), incidents re-offered and not yet seen caught up, and, for a channel
/// subscribed (or following more) since, the open incidents. An idle pass reads an empty page of the change log, whatever the history kept.
/// </summary>
public sealed class BriefingReconciler(
    IIncidentStore incidents, BriefingAudience channels, IPostedCardStore posted, BriefingPublisher publisher, MajorEvents majorEvents, ILeaderLock leader,
    IOptions<OutboxOptions> options, TimeProvider time, ILogger<BriefingReconciler> log) : LeaderLoop(leader, time, log)

{
    private const int ReadBatch = 200;
    /// <summary>The change sequence before any write: a leader that knows nothing reads the change log from the start.</summary>
    private const long FromTheStart = -1;

    // Only the leader's passes touch these. The mark: every incident written up to it had its cards checked (caught up,
    // or in _behind); _channelsSeen: the channels the mark holds for. Both stay right while another instance leads:
    // a card that caught up with a version stays caught up, and whatever changed meanwhile is after the mark.
    private long _mark = FromTheStart;
    private readonly HashSet<int> _behind = [];
    private HashSet<string> _channelsSeen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override string LeaseName => "briefing-reconciler";
    protected override TimeSpan Every => options.Value.ReconcileInterval;
    protected override Task<int> PassAsync(CancellationToken ct) => ReconcileAsync(ct);

    /// <summary>Incidents whose cards were re-offered and not yet seen caught up: checked again on every pass.</summary>
    public int Behind => _behind.Count;

    /// <summary>Re-offers the current card wherever a channel's card is behind; returns how many incidents that was.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var subscribers = await channels.ListAsync(ct);
            // A channel and what it follows: one subscribed, or following more, since the last pass is owed the open incidents' cards.
            var current = subscribers.Select(c => $"{c.Id} {c.Describe()}").ToHashSet(StringComparer.Ordinal);
            var candidates = new HashSet<int>(_behind);
            if (_mark != FromTheStart && !current.IsSubsetOf(_channelsSeen))
                await foreach (var batch in incidents.ReadOpenInBatchesAsync(ReadBatch, ct)) candidates.UnionWith(batch.Select(i => i.Number));
            // Incidents on a channel's major-event roll-up have no card of their own there to catch up: read once
            // there is something to check (an idle pass reads no channel's roll-up).
            Dictionary<string, IReadOnlySet<int>>? rolledUp = null;

            var offered = 0;
            while (true)
            {
                var page = await incidents.ListChangedSinceAsync(_mark, ReadBatch, ct);
                if (page.Newest < _mark)
                {
                    // The change log restarted below the mark (the store was emptied): nothing known holds any more.
                    log.LogWarning("The incident change log restarted ({Newest} < {Mark}); checking every incident's cards again", page.Newest, _mark);
                    _mark = FromTheStart;
                    _behind.Clear();
                    continue;
                }
                candidates.UnionWith(page.Changed.Select(c => c.Number));
                if (candidates.Count > 0)
                {
                    rolledUp ??= await RolledUpAsync(subscribers, ct);
                    offered += await CheckAsync(candidates, subscribers, rolledUp, ct);
                }
                candidates.Clear();
                // Only once checked does a page of the change log count as done (a failed pass starts from it again).
                if (page.Changed.Count > 0) _mark = page.Changed[^1].Sequence;
                _channelsSeen = current;
                if (page.Changed.Count < ReadBatch) return offered;
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The incidents on each channel's major-event roll-up, read for every channel at once.</summary>
    private async Task<Dictionary<string, IReadOnlySet<int>>> RolledUpAsync(IReadOnlyList<BriefingChannel> subscribers, CancellationToken ct)
    {
        var sets = await Task.WhenAll(subscribers.Select(s => majorEvents.RolledUpAsync(s.Id, ct)));
        var rolledUp = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < subscribers.Count; i++) rolledUp[subscribers[i].Id] = sets[i];
        return rolledUp;
    }

    /// <summary>Checks each incident's cards, re-offering where behind; returns how many were re-offered.</summary>
    private async Task<int> CheckAsync(IEnumerable<int> numbers, IReadOnlyList<BriefingChannel> subscribers,
        Dictionary<string, IReadOnlySet<int>> rolledUp, CancellationToken ct)
    {
        var offered = 0;
        if (subscribers.Count == 0)
        {
            // No channel gets briefings: no card can be behind, and nothing needs reading to know it.
            _behind.ExceptWith(numbers);
            return 0;
        }
        foreach (var batch in numbers.Chunk(ReadBatch))
        {
            var read = await Task.WhenAll(batch.Select(n => incidents.GetAsync(n, ct)));
            for (var i = 0; i < batch.Length; i++)
            {
                if (read[i] is { } incident && !await CatchUpAsync(incident, subscribers, rolledUp, ct))
                {
                    _behind.Add(incident.Number);
                    offered++;
                }
                else _behind.Remove(batch[i]);
            }
        }
        return offered;
    }

    /// <summary>
    /// Re-offers the card that stands for the incident in each channel where it is behind: its own, or (incidents on a
    /// channel's major-event roll-up have no card of their own there) the roll-up's; true when no channel is behind.
    /// </summary>
    private async Task<bool> CatchUpAsync(Incident incident, IReadOnlyList<BriefingChannel> subscribers,
        Dictionary<string, IReadOnlySet<int>> rolledUp, CancellationToken ct)
    {
        var onRollUps = subscribers.Where(c => rolledUp[c.Id].Contains(incident.Number)).ToList();
        var rollUpsCaughtUp = await majorEvents.CatchUpAsync(incident, onRollUps.Select(c => c.Reference), ct);
        return await CatchUpOwnAsync(incident, subscribers.Except(onRollUps).ToList(), ct) && rollUpsCaughtUp;
    }

    private async Task<bool> CatchUpOwnAsync(Incident incident, IReadOnlyList<BriefingChannel> subscribers, CancellationToken ct)
    {
        var cards = await posted.ListAsync(BriefingKey.Of(incident.Number), ct);
        var behind = subscribers.Where(c => IsBehind(incident, cards.GetValueOrDefault(c.Id), BriefingRoute.Follows(c, incident)))
            .Select(c => c.Reference).ToList();
        if (behind.Count == 0) return true;
        await publisher.PublishAsync(incident, behind, ct);
        return false;
    }

    /// <summary>A channel without the card is owed it only while the incident is open and the channel follows it.</summary>
    private static bool IsBehind(Incident incident, PostedCard? card, bool follows) => card switch
    {
        null or { ActivityId: null, MaybePosted: false } => incident.IsOpen && follows,
        { ActivityId: null } => true,
        _ => card.Version < (incident.CardHeldBack ? incident.Flapping!.ShownVersion : incident.Version),
    };
}
