using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Logs;
using SupportBot.Questions;

namespace SupportBot.Tests.Questions;

public sealed class LogRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);
    private static readonly LogsOptions Options = new() { DefaultMinutes = 15, MinutesBeforeIncident = 5 };

    private static Incident Incident(DateTimeOffset started, DateTimeOffset? resolved = null) => new()
    {
        Number = 1, GroupKey = "g", Title = "t", Service = "s", Severity = Severity.Major,
        Status = resolved is null ? IncidentStatus.Investigating : IncidentStatus.Resolved, StartedAt = started, ResolvedAt = resolved,
    };

    [Fact]
    public void Since_a_time_still_ahead_today_means_yesterday() =>
        Assert.Equal((Now.AddDays(-1).Date.AddHours(11), Now), LogRange.For(new LogWindow.Since(new TimeOnly(11, 0)), null, Now, Options));

    [Fact]
    public void A_resolved_incident_gives_its_span_with_a_margin_on_both_sides() =>
        Assert.Equal((Now.AddHours(-2).AddMinutes(-5), Now.AddHours(-1).AddMinutes(5)),
            LogRange.For(new LogWindow.Default(), Incident(Now.AddHours(-2), Now.AddHours(-1)), Now, Options));

    [Fact]
    public void An_incident_open_for_weeks_gives_the_last_week() =>
        Assert.Equal((Now - QuestionParser.MaxWindow, Now), LogRange.For(new LogWindow.Default(), Incident(Now.AddDays(-30)), Now, Options));

    [Fact]
    public void Without_an_incident_the_default_minutes() =>
        Assert.Equal((Now.AddMinutes(-15), Now), LogRange.For(new LogWindow.Default(), null, Now, Options));
}
