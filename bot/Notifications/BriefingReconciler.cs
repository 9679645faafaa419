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
/// leader compares each incident's version with the version its card shows in each channel, and re-offers the
/// current card only where a card is behind. An incident whose cards all caught up is settled and costs nothing
/// until its version moves again, so idle passes read the version index, not the incidents.
/// </summary>
public sealed class BriefingReconciler(
    IIncidentStore incidents, IBriefingChannelStore channels, IPostedCardStore posted, BriefingPublisher publisher, MajorEvents majorEvents, ILeaderLock leader,
    IOptions<OutboxOptions> options, TimeProvider time, ILogger<BriefingReconciler> log) : LeaderLoop(leader, time, log)
{
    private const int ReadBatch = 200;

    // Incident number → the version whose cards were all caught up. Only the leader's passes touch it.
    private readonly Dictionary<int, int> _settled = [];
    private readonly SemaphoreSlim _pass = new(1, 1);
    private string _channelsSeen = "";
    private DateTimeOffset _lastPass = DateTimeOffset.MinValue;

    protected override string LeaseName => "briefing-reconciler";
    protected override TimeSpan Every => options.Value.ReconcileInterval;
    protected override Task<int> PassAsync(CancellationToken ct) => ReconcileAsync(ct);

    /// <summary>Incidents whose cards were found caught up at their current version.</summary>
    public int Settled => _settled.Count;

    /// <summary>Re-offers the current card wherever a channel's card is behind; returns how many incidents that was.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var now = Time.GetUtcNow();
            // Passes missed (another instance led meanwhile): what this one knew may be stale.
            if (now - _lastPass > Every * 2) _settled.Clear();
            _lastPass = now;
            var subscribers = await channels.ListAsync(ct);
            // A channel subscribed since the last pass may be owed the open incidents' cards: look at everything again.
            var seen = string.Join("\n", subscribers.Select(c => c.Conversation.Id).Order(StringComparer.Ordinal));
            if (seen != _channelsSeen) _settled.Clear();
            _channelsSeen = seen;

            // Incidents on a channel's major-event roll-up have no card of their own there to catch up.
            var rolledUp = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
            foreach (var subscriber in subscribers)
                rolledUp[subscriber.Conversation.Id] = await majorEvents.RolledUpAsync(subscriber.Conversation.Id, ct);

            var versions = await incidents.ListVersionsAsync(ct);
            foreach (var gone in _settled.Keys.Where(n => !versions.ContainsKey(n)).ToList()) _settled.Remove(gone);
            var moved = versions.Where(v => !_settled.TryGetValue(v.Key, out var settled) || settled != v.Value).Select(v => v.Key).ToList();
            var offered = 0;
            foreach (var batch in moved.Chunk(ReadBatch))
            {
                foreach (var incident in await Task.WhenAll(batch.Select(n => incidents.GetAsync(n, ct))))
                {
                    if (incident is null) continue;
                    if (await CatchUpAsync(incident, subscribers.Where(c => !rolledUp[c.Conversation.Id].Contains(incident.Number)).ToList(), ct)) _settled[incident.Number] = incident.Version;
                    else offered++;
                }
            }
            return offered;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Re-offers the incident's card where it is behind; true when no channel is behind.</summary>
    private async Task<bool> CatchUpAsync(Incident incident, IReadOnlyList<ConversationReference> subscribers, CancellationToken ct)
    {
        var cards = await posted.ListAsync(BriefingKey.Of(incident.Number), ct);
        var behind = subscribers.Where(c => IsBehind(incident, cards.GetValueOrDefault(c.Conversation.Id))).ToList();
        if (behind.Count == 0) return true;
        await publisher.PublishAsync(incident, behind, ct);
        return false;
    }

    private static bool IsBehind(Incident incident, PostedCard? card) => card switch
    {
        null or { ActivityId: null, MaybePosted: false } => incident.IsOpen,
        { ActivityId: null } => true,
        _ => card.Version < (incident.CardHeldBack ? incident.Flapping!.ShownVersion : incident.Version),
    };
}
