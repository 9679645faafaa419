using SupportBot.Alerts;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Digests;

/// <summary>Digest figures on a constructed day of incidents whose answers are worked out by hand.</summary>
public sealed class DigestFiguresTests
{
    private static readonly DateTimeOffset From = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(1);

    private static DateTimeOffset At(int hour, int minute = 0) => From.AddHours(hour).AddMinutes(minute);

    /// <summary>An incident with a timeline: opened at <paramref name="start"/>, acknowledged and resolved when given.</summary>
    private static Incident Incident(int number, string service, Severity severity, DateTimeOffset start,
        DateTimeOffset? acknowledged = null, DateTimeOffset? resolved = null, string? link = null)
    {
        var timeline = new List<IncidentEvent> { new(start, IncidentEventKind.Opened, "opened") };
        if (acknowledged is { } a) timeline.Add(new IncidentEvent(a, IncidentEventKind.Acknowledged, "acknowledged", "29:oncall"));
        if (resolved is { } r) timeline.Add(new IncidentEvent(r, IncidentEventKind.Resolved, "resolved"));
        return new Incident
        {
            Number = number,
            GroupKey = $"g{number}",
            Title = $"Problem {number}",
            Service = service,
            Severity = severity,
            Status = resolved is null ? IncidentStatus.Investigating : IncidentStatus.Resolved,
            StartedAt = start,
            ResolvedAt = resolved,
            Timeline = timeline,
            Links = link is null ? [] : [new AlertLink("Runbook", link)],
        };
    }

    // The day 09:00 → 09:00 (1440 minutes):
    //  1 checkout critical  08:00(day before, -1h) → 10:00 (+1h)   ack 08:30   : 60 min inside; resolved in period, TTR 2h; ack before period
    //  2 checkout major     +2h    → +3h        ack +2h10            : overlaps #3, TTR 1h, TTA 10m
    //  3 checkout critical  +2h30  → +4h        ack +2h35            : union with #2: +2h → +4h = 120 min; TTR 1h30, TTA 5m
    //  4 checkout minor     +5h    → +6h                              : not an outage; TTR 1h
    //  5 search   critical  +20h   → still open  ack +20h30           : 240 min to the end; TTA 30m
    //  6 search   info      -3h    → -2h (before the period)          : not in the period
    //  7 payments major     +23h   → +25h (after the period's end)    : 60 min; open at the end
    //  8 search   major     +25h   (after the period)                 : not in the period
    private static readonly Incident[] History =
    [
        Incident(1, "checkout-api", Severity.Critical, At(-1), acknowledged: At(-1, 30), resolved: At(1), link: "https://runbooks.example.com/1"),
        Incident(2, "checkout-api", Severity.Major, At(2), acknowledged: At(2, 10), resolved: At(3)),
        Incident(3, "checkout-api", Severity.Critical, At(2, 30), acknowledged: At(2, 35), resolved: At(4)),
        Incident(4, "checkout-api", Severity.Minor, At(5), resolved: At(6)),
        Incident(5, "search", Severity.Critical, At(20), acknowledged: At(20, 30), link: "https://grafana.example.com/search"),
        Incident(6, "search", Severity.Info, At(-3), resolved: At(-2)),
        Incident(7, "payments", Severity.Major, At(23), resolved: At(25)),
        Incident(8, "search", Severity.Major, At(25)),
    ];

    private readonly DigestFigures _figures = DigestFigures.Compute(History, From, To);

    [Fact]
    public void Counts_incidents_opened_resolved_and_still_open_in_the_period()
    {
        Assert.Equal([1, 2, 3, 4, 5, 7], _figures.Incidents.Select(i => i.Number));
        Assert.Equal(5, _figures.Opened);     // 2, 3, 4, 5, 7 (1 opened the day before)
        Assert.Equal(4, _figures.Resolved);   // 1, 2, 3, 4 (7 resolves after the period)
        Assert.Equal(2, _figures.StillOpen);  // 5, 7
    }

    [Fact]
    public void Time_to_acknowledge_counts_first_acknowledgements_in_the_period()
    {
        // 2: 10m, 3: 5m, 5: 30m (1 was acknowledged before the period) → median 10m, worst 30m.
        Assert.Equal(new Spread(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), 3), _figures.TimeToAcknowledge);
    }

    [Fact]
    public void Time_to_resolve_counts_incidents_resolved_in_the_period()
    {
        // 1: 2h, 2: 1h, 3: 1h30, 4: 1h → sorted 1h, 1h, 1h30, 2h → median 1h15, worst 2h.
        Assert.Equal(new Spread(TimeSpan.FromMinutes(75), TimeSpan.FromHours(2), 4), _figures.TimeToResolve);
    }

    [Fact]
    public void Downtime_and_availability_per_service_count_overlaps_once_and_only_outages()
    {
        var byService = _figures.Services.ToDictionary(s => s.Service);
        Assert.Equal(["search", "checkout-api", "payments"], _figures.Services.Select(s => s.Service)); // most downtime first

        var checkout = byService["checkout-api"];
        Assert.Equal(TimeSpan.FromMinutes(180), checkout.Downtime); // 60 (#1 inside) + 120 (#2 ∪ #3); #4 is minor
        Assert.Equal("87.50%", DigestCards.Availability(checkout.AvailabilityPercent)); // 1 - 180/1440
        Assert.Equal(new Dictionary<Severity, int> { [Severity.Critical] = 2, [Severity.Major] = 1, [Severity.Minor] = 1 }, checkout.BySeverity);

        Assert.Equal(TimeSpan.FromMinutes(240), byService["search"].Downtime);
        Assert.Equal("83.33%", DigestCards.Availability(byService["search"].AvailabilityPercent)); // 1 - 240/1440 = 83.333…
        Assert.Equal(TimeSpan.FromMinutes(60), byService["payments"].Downtime);
        Assert.Equal("95.83%", DigestCards.Availability(byService["payments"].AvailabilityPercent)); // 95.833…
    }

    [Fact]
    public void Longest_incidents_run_to_the_period_end_when_still_open()
    {
        Assert.Equal([(5, TimeSpan.FromHours(4), true), (1, TimeSpan.FromHours(2), false), (3, TimeSpan.FromMinutes(90), false)],
            _figures.Longest.Select(l => (l.Incident.Number, l.Duration, l.OpenAtEnd)));
    }

    [Fact]
    public void Acknowledgement_is_optional()
    {
        var unacknowledged = DigestFigures.Compute([Incident(1, "api", Severity.Critical, At(1), resolved: At(2))], From, To);
        Assert.Null(unacknowledged.TimeToAcknowledge);
        Assert.Equal(new Spread(TimeSpan.FromHours(1), TimeSpan.FromHours(1), 1), unacknowledged.TimeToResolve);
    }

    [Fact]
    public void A_quiet_period_has_no_incidents_and_full_availability()
    {
        var quiet = DigestFigures.Compute(History, From.AddDays(-10), From.AddDays(-9));
        Assert.True(quiet.Quiet);
        Assert.Equal((0, 0, 0), (quiet.Opened, quiet.Resolved, quiet.StillOpen));
        Assert.Null(quiet.TimeToResolve);
        Assert.Empty(quiet.Services);
    }

    [Fact]
    public void Any_downtime_keeps_availability_below_one_hundred_percent()
    {
        var blip = DigestFigures.Compute([Incident(1, "api", Severity.Critical, At(1), resolved: At(1).AddSeconds(1))], From, To);
        Assert.Equal("99.99%", DigestCards.Availability(blip.Services[0].AvailabilityPercent));
    }

    [Fact]
    public void Card_shows_the_figures_a_manager_reads()
    {
        var zone = TimeZones.FindOrUtc("Europe/Berlin");
        var card = SupportBot.Cards.DigestCard.Build(DigestCards.ToModel(_figures, DigestFrequency.Daily, zone)).Visible();

        Assert.Contains("Daily incident digest", card);
        Assert.Contains("Mon 2026-06-01 11:00 → Tue 2026-06-02 11:00 (Europe/Berlin)", card);
        Assert.Contains("median 10m · worst 30m (3 incidents)", card);
        Assert.Contains("median 1h 15m · worst 2h (4 incidents)", card);
        Assert.Contains("**checkout-api** · 2 critical, 1 major, 1 minor", card);
        Assert.Contains("Downtime 180 min · availability 87.50%", card);
        Assert.Contains("[**INC-5**](https://grafana.example.com/search) · 4h (still open) · search", card);
        Assert.Contains("[**INC-1**](https://runbooks.example.com/1) · 2h · checkout-api", card);

        var quiet = SupportBot.Cards.DigestCard.Build(DigestCards.ToModel(DigestFigures.Compute([], From, To), DigestFrequency.Weekly, zone)).Visible();
        Assert.Contains("No incidents in this period", quiet);
        Assert.Contains("Weekly incident digest", quiet);
    }
}
