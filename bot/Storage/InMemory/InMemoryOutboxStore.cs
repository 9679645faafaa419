using SupportBot.Outbox;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded outbox: the same queue semantics as Redis, in this process (lost on restart).</summary>
public sealed class InMemoryOutboxStore(int deadLetterLimit = 1000, TimeSpan? deadLetterRetention = null) : IOutboxStore
{
    private const int RecentSendsKept = 60;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversationQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeadLetter> _dead = new(StringComparer.Ordinal);

    public Task<bool> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_seen.Add(message.Id)) return Task.FromResult(false);
            if (!_queues.TryGetValue(message.ConversationId, out var queue))
                _queues[message.ConversationId] = queue = new ConversationQueue();
            queue.Add(message);
            _due.TryAdd(message.ConversationId, now);
            return Task.FromResult(true);
        }
    }

    public Task<OutboxLease?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var (conversation, due) in _due.OrderBy(d => d.Value))
            {
                if (due > now) break;
                if (!_queues.TryGetValue(conversation, out var queue) || queue.Count == 0)
                {
                    _due.Remove(conversation);
                    continue;
                }
                _due[conversation] = now + lease;
                var recent = _sent.TryGetValue(conversation, out var sent) ? sent.ToList() : [];
                return Task.FromResult<OutboxLease?>(new OutboxLease(queue.Next!, recent));
            }
            return Task.FromResult<OutboxLease?>(null);
        }
    }

    public Task CompleteAsync(OutboxMessage message, DateTimeOffset? sentAt, DateTimeOffset now, CancellationToken ct, int? cardShows = null)
    {
        lock (_gate)
        {
            var conversation = message.ConversationId;
            if (PopIfHead(message) && cardShows is { } shown && message.MergeKey is { } key)
                _queues[conversation].DropCardVersions(key, shown);
            if (sentAt is { } at) Record(conversation, at);
            ScheduleRest(conversation, now);
            return Task.CompletedTask;
        }
    }

    public Task RecordSendAsync(string conversationId, DateTimeOffset at, CancellationToken ct)
    {
        lock (_gate) Record(conversationId, at);
        return Task.CompletedTask;
    }

    private void Record(string conversation, DateTimeOffset at)
    {
        if (!_sent.TryGetValue(conversation, out var sent)) _sent[conversation] = sent = [];
        sent.Insert(0, at);
        if (sent.Count > RecentSendsKept) sent.RemoveRange(RecentSendsKept, sent.Count - RecentSendsKept);
    }

    public Task RescheduleAsync(OutboxMessage message, DateTimeOffset dueAt, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_queues.TryGetValue(message.ConversationId, out var queue) && queue.TryReplaceHead(message))
                _due[message.ConversationId] = dueAt;
            return Task.CompletedTask;
        }
    }

    public Task DeadLetterAsync(DeadLetter deadLetter, DateTimeOffset now, CancellationToken ct)
    {
        lock (_gate)
        {
            if (PopIfHead(deadLetter.Message))
            {
                _dead[deadLetter.Message.Id] = deadLetter;
                _seen.Remove(deadLetter.Message.Id);
            }
            ScheduleRest(deadLetter.Message.ConversationId, now);
            var oldestKept = now - (deadLetterRetention ?? TimeSpan.FromDays(14));
            foreach (var old in _dead.Values.OrderBy(d => d.At).Where((d, i) => d.At < oldestKept || i < _dead.Count - deadLetterLimit).ToList())
                _dead.Remove(old.Message.Id);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<DeadLetter>>(_dead.Values.OrderBy(d => d.At).ToList());
    }

    public Task<long> CountPendingAsync(CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult((long)_queues.Values.Sum(q => q.Count));
    }

    private bool PopIfHead(OutboxMessage message)
    {
        return _queues.TryGetValue(message.ConversationId, out var queue) && queue.TryPopHead(message.Id);
    }

    private void ScheduleRest(string conversation, DateTimeOffset now)
    {
        if (_queues.TryGetValue(conversation, out var queue) && queue.Count > 0) _due[conversation] = now;
        else _due.Remove(conversation);
    }

    /// <summary>One conversation's two lanes: urgent messages (new cards, resolutions) go before the others, each lane in order.</summary>
    private sealed class ConversationQueue
    {
        private readonly LinkedList<OutboxMessage> _urgent = new();
        private readonly LinkedList<OutboxMessage> _normal = new();

        public int Count => _urgent.Count + _normal.Count;
        public OutboxMessage? Next => (_urgent.First ?? _normal.First)?.Value;

        public void Add(OutboxMessage message) => (message.Urgent ? _urgent : _normal).AddLast(message);

        public bool TryPopHead(string id)
        {
            if (Lane(id) is not { } lane) return false;
            lane.RemoveFirst();
            return true;
        }

        /// <summary>The card's queued versions up to <paramref name="shown"/>: the conversation's card shows that one already.</summary>
        public void DropCardVersions(string mergeKey, int shown)
        {
            foreach (var lane in new[] { _urgent, _normal })
                for (var node = lane.First; node is not null;)
                {
                    var next = node.Next;
                    if (node.Value is { Kind: OutboxKind.Card } m && m.MergeKey == mergeKey && m.Version <= shown) lane.Remove(node);
                    node = next;
                }
        }

        public bool TryReplaceHead(OutboxMessage message)
        {
            if (Lane(message.Id) is not { } lane) return false;
            lane.First!.Value = message;
            return true;
        }

        private LinkedList<OutboxMessage>? Lane(string id) =>
            _urgent.First?.Value.Id == id ? _urgent : _normal.First?.Value.Id == id ? _normal : null;
    }
}
