using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Coordination;
using SupportBot.Incidents;
using SupportBot.OnCall;

namespace SupportBot.Tests.OnCall;

/// <summary>The update cadence on a fake clock: one reminder per interval without a human update, only on the leader.</summary>
public sealed class UpdateReminderTests
{
    private readonly OnCallHarness _h = new();
    private readonly SwitchableLeaderLock _leader = new();

    private UpdateReminders? _reminders;

    private UpdateReminders Reminders(IIncidentStore? store = null) =>
        new(new OpenIncidentsWatch(store ?? _h.Store), _h.Commands, _leader, _h.Time, Options.Create(_h.Options), NullLogger<UpdateReminders>.Instance);

    /// <summary>One pass of the one leader, which keeps what it learned between passes (as in the running bot).</summary>
    private Task<int> RunAsync() => (_reminders ??= Reminders()).RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task No_reminder_before_the_interval_then_exactly_one()
    {
        await _h.OpenIncidentAsync();

        _h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await RunAsync());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        _h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await RunAsync());

        var reminder = Assert.Single(_h.Sink.Changes).NewEvents.Single();
        Assert.Equal(IncidentEventKind.ReminderSent, reminder.Kind);
        Assert.Equal("No update for 30m: reminded on-call", reminder.Text);
    }

    [Fact]
    public async Task Next_reminder_comes_one_interval_later()
    {
        await _h.OpenIncidentAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        await RunAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(2, (await _h.GetAsync(1))!.Timeline.Count(e => e.Kind == IncidentEventKind.ReminderSent));
    }

    [Fact]
    public async Task A_human_update_restarts_the_clock_and_the_assignee_is_named()
    {
        await _h.OpenIncidentAsync();
        var olga = new Person(OnCallHarness.OnCallId, "Olga Oncall");
        await _h.Commands.AssignAsync(1, olga, olga, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(20));
        await _h.Commands.PostUpdateAsync(1, olga, IncidentStatus.Identified, "it was DNS", CancellationToken.None);
        _h.Sink.Changes.Clear();

        _h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await RunAsync());
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal("No update for 30m: reminded Olga Oncall", _h.Sink.Changes.Single().NewEvents.Single().Text);
    }

    [Fact]
    public async Task Resolved_incidents_and_followers_send_nothing()
    {
        _h.Options.ReminderInterval = TimeSpan.FromMinutes(10);
        await _h.OpenIncidentAsync();
        await _h.OpenIncidentAsync(group: "search");
        await _h.Commands.ResolveAsync(2, new Person("x", "X"), null, confirmed: true, CancellationToken.None);
        _h.Sink.Changes.Clear();
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        _leader.IsLeader = false;
        Assert.Equal(0, await RunAsync());
        _leader.IsLeader = true;
        Assert.Equal(1, await RunAsync());
        Assert.Equal(1, _h.Sink.Changes.Single().Current.Number);
    }

    [Fact]
    public async Task Two_instances_racing_send_one_reminder()
    {
        await _h.OpenIncidentAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Reminders().RunOnceAsync(CancellationToken.None))));
        Assert.Equal(1, counts.Sum());
    }

    [Fact]
    public async Task An_incident_opened_after_the_first_pass_is_reminded_too()
    {
        await _h.OpenIncidentAsync();
        Assert.Equal(0, await RunAsync());
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.OpenIncidentAsync(group: "search");

        _h.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, await RunAsync());   // INC-1, open for 30 minutes
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await RunAsync());   // INC-2, learned from the change log
        Assert.Equal([1, 2], _h.Sink.Changes.Select(c => c.Current.Number));
    }

    /// <summary>
    /// With many incidents open, a pass reads what was written since the pass before (from the change log), not every
    /// open incident: the first pass reads them all once, an idle pass reads none, a pass after one update reads that one.
    /// </summary>
    [Fact]
    public async Task A_pass_reads_the_incidents_written_since_the_last_pass_not_every_open_one()
    {
        const int open = 300;
        for (var i = 0; i < open; i++) await _h.OpenIncidentAsync(group: $"group-{i}");
        var counting = new SupportBot.Tests.Questions.CountingIncidentStore(_h.Store);
        var reminders = Reminders(counting);

        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.InRange(counting.Read, open, open + 1);

        counting.Read = 0;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, counting.Read);

        var olga = new Person(OnCallHarness.OnCallId, "Olga Oncall");
        await _h.Commands.PostUpdateAsync(7, olga, IncidentStatus.Identified, "it was DNS", CancellationToken.None);
        counting.Read = 0;
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.InRange(counting.Read, 1, 2);   // its change-log entry and the incident

        // Due: every open incident but INC-7, whose clock restarted with the update.
        _h.Sink.Changes.Clear();
        _h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(open - 1, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.DoesNotContain(_h.Sink.Changes, c => c.Current.Number == 7);
    }

    private sealed class SwitchableLeaderLock : ILeaderLock
    {
        public bool IsLeader { get; set; } = true;
        public Task<bool> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct) => Task.FromResult(IsLeader);
        public Task ReleaseAsync(string name, CancellationToken ct) => Task.CompletedTask;
    }
}
