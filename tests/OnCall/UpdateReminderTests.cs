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

    private UpdateReminders Reminders() => new(_h.Store, _h.Commands, _leader, _h.Time, Options.Create(_h.Options), NullLogger<UpdateReminders>.Instance);

    private Task<int> RunAsync() => Reminders().RunOnceAsync(CancellationToken.None);

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
        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)));
        Assert.Equal(1, counts.Sum());
    }

    private sealed class SwitchableLeaderLock : ILeaderLock
    {
        public bool IsLeader { get; set; } = true;
        public Task<bool> TryAcquireAsync(string name, TimeSpan lease, CancellationToken ct) => Task.FromResult(IsLeader);
        public Task ReleaseAsync(string name, CancellationToken ct) => Task.CompletedTask;
    }
}
