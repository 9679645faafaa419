namespace SupportBot.Incidents;

/// <summary>
/// One turn at a time per key, within this instance: webhooks for one group decide and write one after the other,
/// each on the version the one before stored, instead of racing to the compare-and-swap and deciding again (with a
/// store that keeps a copy of the incident, the loser read it whole again). A key holds an entry only while someone
/// is in or waiting for its turn, so the table stays as small as the number of groups being written at once.
/// </summary>
internal sealed class TurnsByKey
{
    private const int FreeKept = 64;

    private readonly Dictionary<string, Turn> _turns = new(StringComparer.Ordinal);
    private readonly Stack<Turn> _free = new();

    /// <summary>Waits for <paramref name="key"/>'s turn; disposing the result ends it.</summary>
    public async ValueTask<Held> EnterAsync(string key, CancellationToken ct)
    {
        Turn turn;
        lock (_turns)
        {
            if (!_turns.TryGetValue(key, out turn!))
                _turns[key] = turn = _free.TryPop(out var reused) ? reused : new Turn();
            turn.Users++;
        }
        try
        {
            await turn.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(key, turn);
            throw;
        }
        return new Held(this, key, turn);
    }

    /// <summary>How many keys have an entry now (someone in or waiting).</summary>
    public int Count
    {
        get { lock (_turns) return _turns.Count; }
    }

    private void Leave(string key, Turn turn)
    {
        lock (_turns)
        {
            if (--turn.Users > 0) return;
            _turns.Remove(key);
            if (_free.Count < FreeKept) _free.Push(turn);
        }
    }

    internal sealed class Turn
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Users;   // in or waiting; guarded by the table's lock
    }

    public readonly struct Held(TurnsByKey turns, string key, Turn turn) : IDisposable
    {
        public void Dispose()
        {
            turn.Gate.Release();
            turns.Leave(key, turn);
        }
    }
}
