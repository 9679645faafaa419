using SupportBot.Channels;

namespace SupportBot.Storage.InMemory;

/// <summary>The channels' storms in this process (see <see cref="IStormStore"/>).</summary>
public sealed class InMemoryStormStore : IStormStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);

    public Task<RollUpVersion?> AdmitAsync(string conversationId, int number, DateTimeOffset now, int threshold, TimeSpan window, CancellationToken ct,
        RollUpLine? line = null)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (channel.Members.TryGetValue(number, out var member))
            {
                channel.Keep(number, line);
                return Task.FromResult<RollUpVersion?>(new(member, channel.Versions[member]));
            }
            if (channel.Own.Contains(number)) return Task.FromResult<RollUpVersion?>(null);
            channel.Recent[number] = now;
            foreach (var old in channel.Recent.Where(r => r.Value < now - window).Select(r => r.Key).ToList()) channel.Recent.Remove(old);
            if (channel.Open is null)
            {
                if (channel.Recent.Count <= threshold)
                {
                    channel.Own.Add(number);
                    channel.Pending.Add(number);
                    return Task.FromResult<RollUpVersion?>(null);
                }
                channel.Open = ++channel.Last;
                channel.Versions[channel.Open.Value] = 0;
            }
            var id = channel.Open.Value;
            channel.Members[number] = id;
            channel.Keep(number, line);
            return Task.FromResult<RollUpVersion?>(new(id, ++channel.Versions[id]));
        }
    }

    public Task<RollUpVersion?> DivertAsync(string conversationId, int number, bool posting, CancellationToken ct)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (channel.Members.TryGetValue(number, out var member)) return Task.FromResult<RollUpVersion?>(new(member, channel.Versions[member]));
            if (!channel.Pending.Contains(number)) return Task.FromResult<RollUpVersion?>(null);
            if (channel.Open is not { } id)
            {
                if (posting) channel.Pending.Remove(number);
                return Task.FromResult<RollUpVersion?>(null);
            }
            channel.Pending.Remove(number);
            channel.Own.Remove(number);
            channel.Members[number] = id;
            return Task.FromResult<RollUpVersion?>(new(id, ++channel.Versions[id]));
        }
    }

    public Task<RollUpVersion?> TouchAsync(string conversationId, int number, CancellationToken ct, RollUpLine? line = null)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (!channel.Members.TryGetValue(number, out var id)) return Task.FromResult<RollUpVersion?>(null);
            channel.Keep(number, line);
            return Task.FromResult<RollUpVersion?>(new RollUpVersion(id, ++channel.Versions[id]));
        }
    }

    public Task NoteAsync(string conversationId, int number, RollUpLine line, CancellationToken ct)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (channel.Members.ContainsKey(number)) channel.Keep(number, line);
            return Task.CompletedTask;
        }
    }

    public Task<RollUp?> GetAsync(string conversationId, int id, CancellationToken ct, bool lines = false)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (!channel.Versions.TryGetValue(id, out var version)) return Task.FromResult<RollUp?>(null);
            var members = channel.Members.Where(m => m.Value == id).Select(m => m.Key).ToList();
            return Task.FromResult<RollUp?>(new RollUp(id, version, channel.Open == id, members)
            {
                Lines = lines ? members.Where(channel.Lines.ContainsKey).ToDictionary(n => n, n => channel.Lines[n]) : new Dictionary<int, RollUpLine>(),
            });
        }
    }

    public Task CloseAsync(string conversationId, int id, CancellationToken ct)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            if (channel.Open == id) channel.Open = null;
            return Task.CompletedTask;
        }
    }

    public Task<int?> RollUpOfAsync(string conversationId, int number, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(Of(conversationId).Members.TryGetValue(number, out var id) ? id : (int?)null);
    }

    public Task<IReadOnlySet<int>> MembersAsync(string conversationId, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlySet<int>>(Of(conversationId).Members.Keys.ToHashSet());
    }

    public Task ForgetAsync(string conversationId, IReadOnlyCollection<int> numbers, CancellationToken ct)
    {
        lock (_gate)
        {
            var channel = Of(conversationId);
            var left = numbers.Where(channel.Members.ContainsKey).Select(n => channel.Members[n]).ToHashSet();
            foreach (var number in numbers)
            {
                channel.Members.Remove(number);
                channel.Lines.Remove(number);
                channel.Own.Remove(number);
                channel.Pending.Remove(number);
            }
            foreach (var id in left.Where(id => id != channel.Open && !channel.Members.ContainsValue(id))) channel.Versions.Remove(id);
            return Task.CompletedTask;
        }
    }

    private Channel Of(string conversationId)
    {
        if (!_channels.TryGetValue(conversationId, out var channel)) _channels[conversationId] = channel = new Channel();
        return channel;
    }

    private sealed class Channel
    {
        public Dictionary<int, DateTimeOffset> Recent { get; } = [];
        public Dictionary<int, int> Members { get; } = [];
        public HashSet<int> Own { get; } = [];

        /// <summary>Of <see cref="Own"/>, those whose card has not reached the channel yet: a storm beginning now takes them.</summary>
        public HashSet<int> Pending { get; } = [];
        public Dictionary<int, int> Versions { get; } = [];
        public Dictionary<int, RollUpLine> Lines { get; } = [];
        public int Last { get; set; }

        /// <summary>Keeps a member's line unless the one kept is of a newer version of the incident.</summary>
        public void Keep(int number, RollUpLine? line)
        {
            if (line is null || Lines.TryGetValue(number, out var kept) && kept.Version >= line.Version) return;
            Lines[number] = line;
        }
        public int? Open { get; set; }
    }
}
