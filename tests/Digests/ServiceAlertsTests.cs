using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Digests;
using SupportBot.Incidents;

namespace SupportBot.Tests.Digests;

public sealed class ServiceAlertsTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static Incident Checkout(Severity severity, bool open = true) => new()
    {
        Number = 1, GroupKey = "g", Title = "Checkout down", Service = "checkout-api", Severity = severity,
        Status = open ? IncidentStatus.Investigating : IncidentStatus.Resolved, StartedAt = Start,
        ResolvedAt = open ? null : Start.AddMinutes(30),
    };

    private static PersonalSubscription Watch(int id, string user, string service, Severity? severity) => new()
    {
        Id = id, UserId = user, TimeZone = "UTC", CreatedAt = Start.AddDays(-1),
        Conversation = new ConversationReference { Conversation = new ConversationAccount(id: $"a:1{user}") },
        Watch = new ServiceWatch(service, severity),
    };

    private static readonly PersonalSubscription[] Watches =
    [
        Watch(1, "mia", "checkout-api", Severity.Critical),
        Watch(2, "mia", "Checkout-API", null),                 // Mia twice: one ping
        Watch(3, "sam", "checkout-api", Severity.Major),
        Watch(4, "kim", "payments", null),
        new() { Id = 5, UserId = "lee", TimeZone = "UTC", CreatedAt = Start, Conversation = new ConversationReference { Conversation = new ConversationAccount(id: "a:1lee") },
                Digest = new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)) },
    ];

    private static IEnumerable<string> Pinged(IncidentChange change) => ServiceAlerts.Recipients(change, Watches).Select(s => s.UserId);

    [Fact]
    public void Opening_pings_each_watcher_whose_severity_it_reaches_once()
    {
        Assert.Equal(["mia", "sam"], Pinged(new IncidentChange(Checkout(Severity.Critical), null)));
        Assert.Equal(["mia", "sam"], Pinged(new IncidentChange(Checkout(Severity.Major), null))); // Mia's any-severity watch
    }

    [Fact]
    public void Raising_the_severity_pings_those_it_now_reaches_and_nobody_twice()
    {
        var minor = new IncidentChange(Checkout(Severity.Minor), null);
        var major = new IncidentChange(Checkout(Severity.Major) with { Version = 2 }, minor.Current);
        var critical = new IncidentChange(Checkout(Severity.Critical) with { Version = 3 }, major.Current);

        Assert.Equal(["mia"], Pinged(minor));
        Assert.Equal(["sam"], Pinged(major));
        Assert.Equal(["mia"], Pinged(critical)); // Mia's critical-only watch; her other one already pinged on open
    }

    [Fact]
    public void Updates_of_an_open_incident_ping_nobody()
    {
        var opened = Checkout(Severity.Critical);
        Assert.Empty(Pinged(new IncidentChange(opened with { Version = 2, Title = "More alerts" }, opened)));
    }

    [Fact]
    public void Resolving_pings_the_watchers_of_its_severity()
    {
        Assert.Equal(["mia", "sam"], Pinged(new IncidentChange(Checkout(Severity.Critical, open: false), Checkout(Severity.Critical))));
        Assert.Equal(["mia"], Pinged(new IncidentChange(Checkout(Severity.Minor, open: false), Checkout(Severity.Minor))));
    }

    [Fact]
    public void Ping_says_what_happened()
    {
        var opened = ServiceAlerts.Ping(new IncidentChange(Checkout(Severity.Critical), null));
        Assert.Equal("🔔 INC-1 opened on **checkout-api** (critical): Checkout down", opened.Text);
        var resolved = ServiceAlerts.Ping(new IncidentChange(Checkout(Severity.Critical, open: false), Checkout(Severity.Critical)));
        Assert.Equal("✅ INC-1 on **checkout-api** is resolved.", resolved.Text);
        Assert.Single(resolved.Attachments);
    }
}
