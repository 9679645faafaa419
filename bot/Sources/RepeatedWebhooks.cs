using System.Collections.Concurrent;
using SupportBot.Alerts;

namespace SupportBot.Sources;

/// <summary>
/// Monitors re-send the same body again and again (Alertmanager repeats an unchanged group every group_interval,
/// byte for byte): the alerts read from a body are kept against its exact bytes, so a repeat skips the JSON parse
/// and goes straight to the incidents (which still decide on what is stored now, so a repeat changes what it would
/// have changed). Only bodies whose reading did not depend on the time they arrived are kept (an alert without a
/// start time starts when it arrives), and only a bounded number of small ones.
/// </summary>
public sealed class RepeatedWebhooks
{
    public const int MaxBodies = 512;
    public const int MaxBodyBytes = 64 * 1024;

    private readonly ConcurrentDictionary<BodyKey, ReadWebhook> _read = new();
    // ConcurrentDictionary.Count takes every lock of the table: a count of our own keeps Remember lock-free.
    private int _count;

    public bool TryGet(string source, byte[] body, out ReadWebhook read)
    {
        read = null!;
        return body.Length <= MaxBodyBytes && _read.TryGetValue(new BodyKey(source, body), out read!);
    }

    public void Remember(string source, byte[] body, ReadWebhook read, DateTimeOffset receivedAt)
    {
        if (body.Length > MaxBodyBytes || read.Alerts.Count == 0) return;
        foreach (var alert in read.Alerts)
            if (alert.StartsAt == receivedAt || alert.EndsAt == receivedAt) return;
        // Past the bound, start again: what repeats comes back at its next send.
        if (Volatile.Read(ref _count) >= MaxBodies)
        {
            _read.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_read.TryAdd(new BodyKey(source, body), read)) Interlocked.Increment(ref _count);
    }

    /// <summary>A source's body, compared byte for byte.</summary>
    private readonly struct BodyKey(string source, byte[] body) : IEquatable<BodyKey>
    {
        private readonly string _source = source;
        private readonly byte[] _body = body;

        public bool Equals(BodyKey other) => _source == other._source && _body.AsSpan().SequenceEqual(other._body);
        public override bool Equals(object? obj) => obj is BodyKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_source);
            hash.AddBytes(_body);
            return hash.ToHashCode();
        }
    }
}

/// <summary>What a webhook body says: its alerts (bounded, ready for the incidents) and the ones rejected, with why.</summary>
public sealed record ReadWebhook(IReadOnlyList<Alert> Alerts, IReadOnlyList<RejectedAlert> Rejected);
