using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Alerts;
using Severity = SupportBot.Alerts.Severity;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Questions;

/// <summary>
/// With a long history stored, "is checkout ok?", "logs checkout", "status" and the public status page read only the
/// incidents their answer is made of (through the store's indexes), not every incident ever kept: each store call is
/// counted by the incidents it hands back. Run on the in-process store and on real Redis.
/// </summary>
public abstract class AnswersFromIndexesContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private const int History = 1500;
    // What an answer may read: every open incident plus a service's newest few dozen, far below the history.
    private const int ReadBound = 80;

    private readonly FakeTimeProvider _time = new(Now);
    private CountingIncidentStore _counting = null!;
    private BotApp _app = null!;

    protected abstract Dictionary<string, string?> StoreSettings();

    public async Task InitializeAsync()
    {
        _app = new BotApp(StoreSettings(), services =>
        {
            services.Replace<TimeProvider>(_time);
            var registered = services.Last(d => d.ServiceType == typeof(IIncidentStore));
            services.Remove(registered);
            services.AddSingleton<IIncidentStore>(sp =>
                _counting = new CountingIncidentStore((IIncidentStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        });
        var store = _app.Service<IIncidentStore>();

        // A long history: resolved incidents of twenty other services and of checkout-api, 40 to 400 days ago.
        await Parallel.ForEachAsync(Enumerable.Range(0, History), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var service = i % 10 == 0 ? "checkout-api" : $"svc-{i % 20}";
            var started = Now.AddDays(-40 - i % 360);
            await OpenAndResolveAsync(store, Draft($"old-{i}", service, $"Old outage {i}", started), started.AddHours(1), ct);
        });
        var yesterday = Now.AddDays(-1);
        await OpenAndResolveAsync(store, Draft("recent", "checkout-api", "Checkout slow for an hour", yesterday.AddHours(-1)), yesterday, default);
        await store.TryOpenAsync(Draft("open", "checkout-api", "Checkout API 5xx rate above 5%", Now.AddMinutes(-20)), default);
        _counting.Read = 0;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Is_a_service_ok_reads_its_open_and_newest_incidents_only()
    {
        var seen = await AskAsync("is checkout ok?");

        Assert.Contains("checkout-api: 1 open incident", seen);
        Assert.Contains("Checkout API 5xx rate above 5%", seen);
        Assert.Contains("Checkout slow for an hour", seen); // the last resolved one
        Assert.DoesNotContain("Old outage", seen);
        Assert.InRange(_counting.Read, 1, ReadBound);
    }

    [Fact]
    public async Task Is_a_service_ok_and_logs_read_none_of_the_other_services_open_incidents()
    {
        var store = _app.Service<IIncidentStore>();
        for (var i = 0; i < 200; i++)
            await store.TryOpenAsync(Draft($"other-open-{i}", $"svc-{i % 20}", $"Other outage {i}", Now.AddMinutes(-30)), default);

        // Counted in this flow only: the host's background loops (reminders read every open incident) are not the answer's.
        var okRead = CountingIncidentStore.CountHere();
        var ok = await AskAsync("is checkout ok?");
        var logsRead = CountingIncidentStore.CountHere();
        var logs = await AskAsync("logs checkout");

        Assert.Contains("checkout-api: 1 open incident", ok);
        Assert.Contains("Checkout API 5xx rate above 5%", ok);
        Assert.Contains("Checkout slow for an hour", ok);
        Assert.DoesNotContain("Other outage", ok);
        Assert.InRange(okRead.Value, 2, 2); // its open incident and its last resolved one
        Assert.Contains("Logs · checkout-api", logs);
        Assert.Contains("2026-11-20 09:35–10:00 UTC", logs);
        Assert.InRange(logsRead.Value, 1, 2);
    }

    [Fact]
    public async Task Logs_of_a_service_read_its_newest_incidents_only()
    {
        var seen = await AskAsync("logs checkout");

        Assert.Contains("Logs · checkout-api", seen);
        Assert.Contains("2026-11-20 09:35–10:00 UTC", seen); // five minutes before the open incident started, until now
        Assert.InRange(_counting.Read, 1, ReadBound);
    }

    [Fact]
    public async Task Status_reads_the_open_incidents_only()
    {
        var seen = await AskAsync("status");

        Assert.Contains("1 open incident", seen);
        Assert.Contains("INC-", seen);
        Assert.InRange(_counting.Read, 1, ReadBound);
    }

    [Fact]
    public async Task The_status_page_reads_the_open_and_recently_resolved_incidents_only()
    {
        var response = await _app.CreateClient().GetAsync("/status.json");
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Checkout API 5xx rate above 5%", json);
        Assert.Contains("Checkout slow for an hour", json);
        Assert.DoesNotContain("Old outage", json);
        Assert.InRange(_counting.Read, 2, ReadBound);
    }

    private async Task<string> AskAsync(string text)
    {
        var adapter = new TestAdapter(TestAdapter.CreateConversation(GetType().Name));
        var bot = _app.Services.CreateScope().ServiceProvider.GetRequiredService<IBot>();
        var seen = "";
        await new TestFlow(adapter, bot).Send(text).AssertReply(activity => seen = ActivityText.Visible(activity)).StartTestAsync();
        return seen;
    }

    private static async Task OpenAndResolveAsync(IIncidentStore store, Incident draft, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        var opened = (await store.TryOpenAsync(draft, ct))!;
        Assert.True(await store.TryUpdateAsync(opened with
        {
            Status = IncidentStatus.Resolved,
            ResolvedAt = resolvedAt,
            Version = opened.Version + 1,
            Alerts = [.. opened.Alerts.Select(a => a with { Status = AlertStatus.Resolved, EndsAt = resolvedAt })],
            Timeline = [.. opened.Timeline, new IncidentEvent(resolvedAt, IncidentEventKind.Resolved, "All alerts resolved")],
        }, ct));
    }

    private static Incident Draft(string group, string service, string title, DateTimeOffset started) => new()
    {
        Number = 0,
        GroupKey = group,
        Title = title,
        Description = title,
        Service = service,
        Severity = Severity.Major,
        Status = IncidentStatus.Investigating,
        StartedAt = started,
        Alerts = [new TrackedAlert($"fp-{group}", AlertStatus.Firing, Severity.Major, title, started, null)],
        Timeline = [new IncidentEvent(started, IncidentEventKind.Opened, $"{title} (1 alert firing)")],
    };
}

public sealed class InMemoryAnswersFromIndexesTests : AnswersFromIndexesContract
{
    protected override Dictionary<string, string?> StoreSettings() => [];
}

public sealed class RedisAnswersFromIndexesTests(RedisServer redis) : AnswersFromIndexesContract, IClassFixture<RedisServer>
{
    protected override Dictionary<string, string?> StoreSettings() => redis.Settings(RedisServer.NewPrefix());
}

/// <summary>The real store, counting every incident (and change-log entry) its calls hand back: what an answer or a pass had to read.</summary>
public sealed class CountingIncidentStore(IIncidentStore inner) : IIncidentStore
{
    private static readonly AsyncLocal<StrongBox<int>?> Here = new();
    private int _read;

    public int Read { get => Volatile.Read(ref _read); set => Volatile.Write(ref _read, value); }

    /// <summary>From now on, also counts what is read in this async flow only (not by the host's background loops) into the box returned.</summary>
    public static StrongBox<int> CountHere() => Here.Value = new StrongBox<int>();

    private T Counted<T>(T result, int incidents)
    {
        Interlocked.Add(ref _read, incidents);
        if (Here.Value is { } here) Interlocked.Add(ref here.Value, incidents);
        return result;
    }

    private static int One(Incident? incident) => incident is null ? 0 : 1;

    public async Task<Incident?> FindOpenAsync(string groupKey, CancellationToken ct) { var i = await inner.FindOpenAsync(groupKey, ct); return Counted(i, One(i)); }
    public async Task<Incident?> GetAsync(int number, CancellationToken ct) { var i = await inner.GetAsync(number, ct); return Counted(i, One(i)); }
    public async Task<Incident?> FindLatestAsync(string groupKey, CancellationToken ct) { var i = await inner.FindLatestAsync(groupKey, ct); return Counted(i, One(i)); }
    public async Task<OpenIncidents> ListOpenAsync(int limit, CancellationToken ct) { var o = await inner.ListOpenAsync(limit, ct); return Counted(o, o.MostSevere.Count); }
    public async Task<ChangedIncidents> ListChangedSinceAsync(long after, int limit, CancellationToken ct) { var c = await inner.ListChangedSinceAsync(after, limit, ct); return Counted(c, c.Changed.Count); }
    public Task<OpenCounts> CountOpenBySeverityAsync(CancellationToken ct) => inner.CountOpenBySeverityAsync(ct);
    public async IAsyncEnumerable<IReadOnlyList<Incident>> ReadOpenInBatchesAsync(int batch, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var read in inner.ReadOpenInBatchesAsync(batch, ct)) yield return Counted(read, read.Count);
    }
    public Task<IReadOnlyList<int>> RemoveResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) => inner.RemoveResolvedBeforeAsync(cutoff, ct);
    public async Task<IReadOnlyList<Incident>> ListActiveSinceAsync(DateTimeOffset since, CancellationToken ct) { var l = await inner.ListActiveSinceAsync(since, ct); return Counted(l, l.Count); }
    public async Task<IReadOnlyList<Incident>> ListOpenForServiceAsync(string service, CancellationToken ct) { var l = await inner.ListOpenForServiceAsync(service, ct); return Counted(l, l.Count); }
    public async Task<IReadOnlyList<Incident>> ListResolvedForServiceAsync(string service, DateTimeOffset since, int limit, CancellationToken ct) { var l = await inner.ListResolvedForServiceAsync(service, since, limit, ct); return Counted(l, l.Count); }
    public Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken ct) => inner.ListServicesAsync(ct);
    public async Task<IReadOnlyList<Incident>> ListRecentAsync(int limit, int? before, CancellationToken ct) { var l = await inner.ListRecentAsync(limit, before, ct); return Counted(l, l.Count); }
    public Task<int> CountAsync(CancellationToken ct) => inner.CountAsync(ct);
    public Task<Incident?> TryOpenAsync(Incident draft, CancellationToken ct) => inner.TryOpenAsync(draft, ct);
    public Task<bool> TryUpdateAsync(Incident next, CancellationToken ct) => inner.TryUpdateAsync(next, ct);
}
