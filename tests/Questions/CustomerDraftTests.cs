using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Questions;

namespace SupportBot.Tests.Questions;

public sealed class CustomerDraftTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);

    private static Incident Incident(Severity severity = Severity.Critical, IncidentStatus status = IncidentStatus.Investigating) => new()
    {
        Number = 42,
        GroupKey = "g",
        Title = "Checkout API 5xx rate above 5% on checkout-7f9c-1.prod.internal",
        Description = "5xx responses on checkout-7f9c-1.prod.internal:8080 are 12.4% of requests; see log line ERROR db timeout user=jane@example.com",
        Service = "checkout-api",
        Severity = severity,
        Status = status,
        StartedAt = new DateTimeOffset(2026, 11, 20, 9, 41, 12, TimeSpan.Zero),
        ResolvedAt = status == IncidentStatus.Resolved ? new DateTimeOffset(2026, 11, 20, 10, 8, 0, TimeSpan.Zero) : null,
        Alerts = [new TrackedAlert("f1", AlertStatus.Firing, severity, "HighErrorRate on 10.0.3.17", Now, null)],
        Timeline =
        [
            new IncidentEvent(Now, IncidentEventKind.Opened, "HighErrorRate on 10.0.3.17"),
            new IncidentEvent(Now, IncidentEventKind.AlertFiring, "internal note: primary db-eu-1 is wedged, customer ACME lost orders", "alice"),
        ],
    };

    [Fact]
    public void An_open_incident_says_what_is_affected_since_when_what_is_done_when_next_and_sorry()
    {
        var draft = CustomerDraft.Compose(Incident(), "Checkout", Now, TimeSpan.FromMinutes(30));

        Assert.Contains("Checkout", draft.Email);
        Assert.Contains("since 09:41 UTC", draft.Email);
        Assert.Contains("investigating", draft.Email);
        Assert.Contains("next update by 10:35 UTC", draft.Email);
        Assert.Contains("sorry", draft.Email, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("09:41 UTC", draft.Post);
        Assert.Contains("Next update by 10:35 UTC", draft.Post);
    }

    [Fact]
    public void The_state_changes_what_the_draft_says_is_being_done()
    {
        Assert.Contains("found the cause", CustomerDraft.Compose(Incident(status: IncidentStatus.Identified), "Checkout", Now, TimeSpan.FromMinutes(30)).Email);
        Assert.Contains("fix is in place", CustomerDraft.Compose(Incident(status: IncidentStatus.Monitoring), "Checkout", Now, TimeSpan.FromMinutes(30)).Email);
        var resolved = CustomerDraft.Compose(Incident(status: IncidentStatus.Resolved), "Checkout", Now, TimeSpan.FromMinutes(30));
        Assert.Contains("from 09:41 UTC until 10:08 UTC", resolved.Email);
        Assert.StartsWith("Resolved", resolved.Post);
    }

    [Fact]
    public void Every_post_fits_in_280_characters_even_with_a_long_name()
    {
        foreach (var severity in Enum.GetValues<Severity>())
        foreach (var status in Enum.GetValues<IncidentStatus>())
        foreach (var name in new[] { "Checkout", "The Very Long Name Of Our Online Store Checkout And Payment Experience For Business Customers In Europe" })
        {
            var draft = CustomerDraft.Compose(Incident(severity, status), name, Now, TimeSpan.FromMinutes(30));
            Assert.InRange(draft.Post.Length, 1, CustomerDraft.MaxPostChars);
            Assert.False(string.IsNullOrWhiteSpace(draft.Email));
        }
    }

    [Fact]
    public void No_internal_notes_hostnames_addresses_or_log_content_appear()
    {
        foreach (var status in Enum.GetValues<IncidentStatus>())
        {
            var draft = CustomerDraft.Compose(Incident(status: status), "checkout-api", Now, TimeSpan.FromMinutes(30));
            foreach (var text in new[] { draft.Email, draft.Post })
            {
                foreach (var leak in new[] { "prod.internal", "checkout-7f9c", "10.0.3.17", "db-eu-1", "ACME", "internal note", "ERROR", "jane@", "5xx", "12.4%", "HighErrorRate", "8080" })
                    Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void A_service_name_that_looks_like_a_host_is_not_shown()
    {
        var draft = CustomerDraft.Compose(Incident(), "db01.prod.internal", Now, TimeSpan.FromMinutes(30));
        Assert.DoesNotContain("db01", draft.Email);
        Assert.Contains("our service", draft.Email);
    }
}
