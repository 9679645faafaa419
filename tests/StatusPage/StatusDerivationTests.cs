using SupportBot.Alerts;
using SupportBot.StatusPage;
using static SupportBot.Tests.StatusPage.Incidents;

namespace SupportBot.Tests.StatusPage;

public sealed class StatusDerivationTests
{
    [Fact]
    public void Without_incidents_every_public_service_is_operational()
    {
        var s = Snapshot();

        Assert.Equal("All systems operational", s.Description);
        Assert.Equal(Impact.None, s.Indicator);
        Assert.Equal(["Checkout", "Search"], s.Services.Select(c => c.Service.Name));
        Assert.All(s.Services, c => Assert.Equal(ServiceState.Operational, c.State));
        Assert.All(s.Services, c => Assert.Equal(1.0, c.Uptime));
        Assert.Empty(s.Open);
    }

    [Theory]
    [InlineData(Severity.Critical, ServiceState.MajorOutage, Impact.Critical, "Major outage")]
    [InlineData(Severity.Major, ServiceState.PartialOutage, Impact.Major, "Partial outage")]
    [InlineData(Severity.Minor, ServiceState.DegradedPerformance, Impact.Minor, "Degraded performance")]
    [InlineData(Severity.Info, ServiceState.Operational, Impact.None, "All systems operational")]
    public void An_open_incident_sets_its_service_state_from_its_severity(Severity severity, ServiceState state, Impact impact, string description)
    {
        var s = Snapshot(Open(1, "checkout-api", severity, Now.AddMinutes(-10)));

        Assert.Equal(state, s.Services.Single(c => c.Service.Id == "checkout-api").State);
        Assert.Equal(ServiceState.Operational, s.Services.Single(c => c.Service.Id == "search-api").State);
        Assert.Equal(impact, s.Indicator);
        Assert.Equal(description, s.Description);
        Assert.Equal("INC-1", Assert.Single(s.Open).Id);
    }

    [Fact]
    public void The_worst_open_incident_of_a_service_decides_its_state_and_leads_the_list()
    {
        var s = Snapshot(
            Open(1, "checkout-api", Severity.Minor, Now.AddMinutes(-30)),
            Open(2, "checkout-api", Severity.Critical, Now.AddMinutes(-40)),
            Open(3, "search-api", Severity.Major, Now.AddMinutes(-5)));

        Assert.Equal(ServiceState.MajorOutage, s.Services[0].State);
        Assert.Equal(ServiceState.PartialOutage, s.Services[1].State);
        Assert.Equal(Impact.Critical, s.Indicator);
        Assert.Equal(["INC-2", "INC-3", "INC-1"], s.Open.Select(i => i.Id));
    }

    [Fact]
    public void Resolved_incidents_leave_the_service_operational_and_stay_in_the_history_for_30_days()
    {
        var s = Snapshot(
            Resolved(1, "checkout-api", Severity.Critical, Now.AddDays(-2), Now.AddDays(-2).AddHours(3)),
            Resolved(2, "search-api", Severity.Critical, Now.AddDays(-10), Now.AddDays(-9)),
            Resolved(3, "checkout-api", Severity.Critical, Now.AddDays(-45), Now.AddDays(-44)));

        Assert.Equal("All systems operational", s.Description);
        Assert.All(s.Services, c => Assert.Equal(ServiceState.Operational, c.State));
        Assert.Equal(["INC-1", "INC-2"], s.Recent.Select(i => i.Id));
        Assert.Equal(Now.AddDays(-2).AddHours(3), s.UpdatedAt);
    }

    [Fact]
    public void Incidents_of_unlisted_services_are_not_shown_and_change_nothing()
    {
        var s = Snapshot(
            Open(1, "billing-batch", Severity.Critical, Now.AddMinutes(-5)),
            Resolved(2, "billing-batch", Severity.Critical, Now.AddDays(-1), Now.AddHours(-20)));

        Assert.Empty(s.Open);
        Assert.Empty(s.Recent);
        Assert.Equal(Impact.None, s.Indicator);
        Assert.DoesNotContain(s.Services, c => c.Service.Id == "billing-batch");
        Assert.Equal(Now.AddDays(-60), s.UpdatedAt);
    }

    [Fact]
    public void Uptime_counts_a_major_outage_fully_a_partial_outage_at_30_percent_and_overlaps_once()
    {
        var window = TimeSpan.FromDays(30).TotalHours;
        var s = Snapshot(
            // Checkout: 3 h of major outage, with a partial outage inside it that must not count twice.
            Resolved(1, "checkout-api", Severity.Critical, Now.AddDays(-3), Now.AddDays(-3).AddHours(3)),
            Resolved(2, "checkout-api", Severity.Major, Now.AddDays(-3).AddHours(1), Now.AddDays(-3).AddHours(2)),
            // Search: 10 h of partial outage, and degraded performance that does not count as downtime.
            Resolved(3, "search-api", Severity.Major, Now.AddDays(-5), Now.AddDays(-5).AddHours(10)),
            Resolved(4, "search-api", Severity.Minor, Now.AddDays(-4), Now.AddDays(-3)));

        Assert.Equal(1 - 3 / window, s.Services[0].Uptime, 9);
        Assert.Equal(1 - 0.3 * 10 / window, s.Services[1].Uptime, 9);
        Assert.Equal("99.58%", Uptime.Format(s.Services[0].Uptime));
    }

    [Fact]
    public void An_open_incident_counts_as_downtime_until_now_and_only_inside_the_window()
    {
        var s = Snapshot(Open(1, "checkout-api", Severity.Critical, Now.AddDays(-40)));

        Assert.Equal(0.0, s.Services[0].Uptime);
        Assert.Equal("0.00%", Uptime.Format(s.Services[0].Uptime));
    }

    [Fact]
    public void Uptime_never_shows_100_percent_when_there_was_any_downtime()
    {
        Assert.Equal("100%", Uptime.Format(1.0));
        Assert.Equal("99.99%", Uptime.Format(0.99999));
    }
}
