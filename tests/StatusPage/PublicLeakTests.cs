using System.Xml.Linq;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.StatusPage;
using static SupportBot.Tests.StatusPage.Incidents;

namespace SupportBot.Tests.StatusPage;

/// <summary>Public pages show the public projection only: no descriptions, labels, links, alert details or host names.</summary>
public sealed class PublicLeakTests
{
    private static readonly string[] Secrets =
    [
        "db-7.prod.internal", "10.20.30.40", "team-payments", "runbooks.example.com", "grafana.example.com",
        "fingerprint-abc", "groupkey-secret", "Disk 97% full", "ORA-01555",
    ];

    private static Incident Leaky() => Open(1, "checkout-api", Severity.Critical, Now.AddMinutes(-20), "Checkout DB down on db-7.prod.internal") with
    {
        GroupKey = "groupkey-secret",
        Description = "db-7.prod.internal (10.20.30.40) reports ORA-01555; owner team-payments",
        Alerts = [new TrackedAlert("fingerprint-abc", AlertStatus.Firing, Severity.Critical, "Disk 97% full on db-7.prod.internal", Now.AddMinutes(-20), null)],
        Links = [new AlertLink("Runbook", "https://runbooks.example.com/db"), new AlertLink("Dashboard", "https://grafana.example.com/d/db")],
        Timeline =
        [
            new IncidentEvent(Now.AddMinutes(-20), IncidentEventKind.Opened, "Checkout DB down on db-7.prod.internal (1 alert firing)"),
            new IncidentEvent(Now.AddMinutes(-15), IncidentEventKind.AlertFiring, "New alert: Disk 97% full on db-7.prod.internal"),
            new IncidentEvent(Now.AddMinutes(-10), IncidentEventKind.SeverityChanged, "Severity raised to critical by ORA-01555", Actor: "team-payments"),
        ],
    };

    public static TheoryData<string> Views => ["html", "json", "atom"];

    [Theory]
    [MemberData(nameof(Views))]
    public void Nothing_internal_reaches_a_public_view(string view)
    {
        var s = Snapshot(Leaky(), Resolved(2, "checkout-api", Severity.Major, Now.AddDays(-1), Now.AddHours(-20)) with
        {
            Description = "ORA-01555 on 10.20.30.40",
        });
        var text = view switch
        {
            "html" => StatusHtml.Build(s),
            "json" => StatusJson.Build(s).ToJsonString(),
            _ => XDocument.Parse(StatusAtom.Build(s).ToString()).ToString(),
        };

        foreach (var secret in Secrets) Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Checkout: major outage", text);
        Assert.Contains("The impact on Checkout has grown", text);
    }

    [Fact]
    public void A_title_without_machine_names_is_shown_as_it_is()
    {
        var incident = PublicProjection.Project(Open(1, "checkout-api", Severity.Major, Now, "Checkout API 5xx rate above 5%"), Services)!;

        Assert.Equal("Checkout API 5xx rate above 5%", incident.Title);
        Assert.Equal("Checkout", incident.Service.Name);
    }

    [Theory]
    [InlineData("Disk full on db-1.prod.internal", true)]
    [InlineData("Latency high on 10.0.0.12", true)]
    [InlineData("redis:6379 unreachable", true)]
    [InlineData("Node checkout-7f9c.svc.cluster.local not ready", true)]
    [InlineData("Cannot reach localhost", true)]
    [InlineData("Checkout API 5xx rate above 5%", false)]
    [InlineData("Search slower than usual after release v2.3", false)]
    [InlineData("Payments: card authorisations failing", false)]
    public void Machine_names_addresses_and_ports_look_internal(string text, bool looksInternal) =>
        Assert.Equal(looksInternal, PublicText.LooksInternal(text));
}
