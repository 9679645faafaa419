namespace SupportBot.Incidents;

/// <summary>What a periodic job needs to know of an open incident to pick the ones it acts on.</summary>
public sealed record OpenIncidentSummary(int Number, DateTimeOffset LastUpdateOrReminderAt, bool Flapping)
{
    public static OpenIncidentSummary Of(Incident incident) => new(incident.Number, incident.LastUpdateOrReminderAt, incident.Flapping is not null);
}

/// <summary>
/// The open incidents as a leader's periodic job sees them (reminders, flapping cards), kept by the job and brought up
/// to date from the store's change log: a pass reads the incidents written since the pass before, not every open
/// incident (with 10,000 open, each pass read and parsed all of them, and on Redis held up every answer waiting
/// behind that read). The first pass, one after the change log restarted, and one after more writes than there are
/// open incidents read the open incidents instead. What it holds is a hint: the job acts through a command that
/// reads the incident again and decides on that.
/// </summary>
public sealed class OpenIncidentsWatch(IIncidentStore store)
{
    private const int Page = 500;
    /// <summary>Open incidents read per Redis call when reading them all: each call holds up the answers for its duration.</summary>
    private const int ReadBatch = 100;
    /// <summary>Nothing read yet.</summary>
    private const long Unread = -1;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<int, OpenIncidentSummary> _open = [];
    private long _mark = Unread;

    /// <summary>Every open incident as of now, in number order.</summary>
    public async Task<IReadOnlyList<OpenIncidentSummary>> CurrentAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var page = await store.ListChangedSinceAsync(_mark, _mark == Unread ? 1 : Page, ct);
            if (_mark == Unread || page.Newest < _mark || page.Newest - _mark > Math.Max(_open.Count, Page)) await ReloadAsync(page.Newest, ct);
            else await CatchUpAsync(page, ct);
            return _open.Values.OrderBy(s => s.Number).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads every open incident, a page at a time (a read of them all at once held up the answers asked meanwhile);
    /// whatever is written after change <paramref name="newest"/>, read before the first page, is read again next time.
    /// </summary>
    private async Task ReloadAsync(long newest, CancellationToken ct)
    {
        _open.Clear();
        await foreach (var batch in store.ReadOpenInBatchesAsync(ReadBatch, ct))
            foreach (var incident in batch) _open[incident.Number] = OpenIncidentSummary.Of(incident);
        _mark = newest;
    }

    /// <summary>Reads the incidents written since the mark, a page of the change log at a time, from <paramref name="page"/> on.</summary>
    private async Task CatchUpAsync(ChangedIncidents page, CancellationToken ct)
    {
        while (page.Changed.Count > 0)
        {
            var read = await Task.WhenAll(page.Changed.Select(c => store.GetAsync(c.Number, ct)));
            for (var i = 0; i < read.Length; i++)
            {
                if (read[i] is { IsOpen: true } incident) _open[incident.Number] = OpenIncidentSummary.Of(incident);
                else _open.Remove(page.Changed[i].Number);
            }
            _mark = page.Changed[^1].Sequence;
            if (page.Changed.Count < Page) return;
            page = await store.ListChangedSinceAsync(_mark, Page, ct);
        }
    }
}
