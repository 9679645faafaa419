using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using SupportBot.Alerts;
using SupportBot.StatusPage;
using static SupportBot.Tests.StatusPage.Incidents;

namespace SupportBot.Tests.StatusPage;

/// <summary>/status.json follows Statuspage's public summary; /status.atom is a valid Atom feed.</summary>
public sealed class StatusFormatTests
{
    private static readonly StatusSnapshot OneOpenOneResolved = Snapshot(
        Open(7, "checkout-api", Severity.Critical, Now.AddMinutes(-30), "Checkout errors"),
        Resolved(3, "search-api", Severity.Major, Now.AddDays(-2), Now.AddDays(-2).AddMinutes(40)));

    [Fact]
    public void Json_has_the_statuspage_summary_shape()
    {
        var json = JsonNode.Parse(StatusJson.Build(OneOpenOneResolved).ToJsonString())!.AsObject();

        Assert.Equal(["page", "status", "components", "incidents", "scheduled_maintenances"],
            json.Select(p => p.Key).Take(5));
        var page = json["page"]!;
        Assert.Equal("Example status", (string?)page["name"]);
        Assert.Equal("https://status.example.com/status", (string?)page["url"]);
        Assert.Equal(Now.AddMinutes(-30), DateTimeOffset.Parse((string)page["updated_at"]!));
        Assert.Equal("critical", (string?)json["status"]!["indicator"]);
        Assert.Equal("Major outage", (string?)json["status"]!["description"]);

        var components = json["components"]!.AsArray();
        Assert.Equal(["checkout-api", "search-api"], components.Select(c => (string?)c!["id"]));
        Assert.Equal(["major_outage", "operational"], components.Select(c => (string?)c!["status"]));
        Assert.Equal([1, 2], components.Select(c => (int)c!["position"]!));
        Assert.All(components, c => Assert.InRange((double)c!["uptime"]!, 0, 1));

        var incident = Assert.Single(json["incidents"]!.AsArray())!;
        Assert.Equal("INC-7", (string?)incident["id"]);
        Assert.Equal("Checkout errors", (string?)incident["name"]);
        Assert.Equal("investigating", (string?)incident["status"]);
        Assert.Equal("critical", (string?)incident["impact"]);
        Assert.Equal("https://status.example.com/status#INC-7", (string?)incident["shortlink"]);
        Assert.Null(incident["resolved_at"]);
        var update = Assert.Single(incident["incident_updates"]!.AsArray())!;
        Assert.Equal("investigating", (string?)update["status"]);
        Assert.Equal("We are investigating a problem with Checkout.", (string?)update["body"]);
        Assert.Equal("INC-7", (string?)update["incident_id"]);
        Assert.Equal("checkout-api", (string?)incident["components"]![0]!["id"]);
        Assert.Empty(json["scheduled_maintenances"]!.AsArray());

        var recent = Assert.Single(json["recent_incidents"]!.AsArray())!;
        Assert.Equal("resolved", (string?)recent["status"]);
        Assert.Equal(["resolved", "investigating"], recent["incident_updates"]!.AsArray().Select(u => (string?)u!["status"]));
    }

    [Fact]
    public void Atom_feed_is_valid_xml_with_every_required_element()
    {
        var feed = StatusAtom.Build(OneOpenOneResolved);
        var xml = XDocument.Parse($"{feed.Declaration}\n{feed}");
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var root = xml.Root!;
        Assert.Equal(atom + "feed", root.Name);
        Assert.Equal("https://status.example.com/status", root.Element(atom + "id")!.Value);
        Assert.Equal("Example status", root.Element(atom + "title")!.Value);
        Assert.NotEmpty(root.Element(atom + "author")!.Element(atom + "name")!.Value);
        RequireRfc3339(root.Element(atom + "updated")!.Value);
        Assert.Contains(root.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == "https://status.example.com/status.atom");

        var entries = root.Elements(atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Element(atom + "id")!.Value).Distinct().Count());
        foreach (var entry in entries)
        {
            Assert.True(Uri.IsWellFormedUriString(entry.Element(atom + "id")!.Value, UriKind.Absolute));
            Assert.NotEmpty(entry.Element(atom + "title")!.Value);
            RequireRfc3339(entry.Element(atom + "updated")!.Value);
            Assert.NotNull(entry.Elements(atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "alternate"));
            var content = entry.Element(atom + "content")!;
            Assert.Equal("html", (string?)content.Attribute("type"));
            Assert.Contains("<strong>", content.Value);
        }
        Assert.Equal("Investigating: Checkout errors", entries[0].Element(atom + "title")!.Value);
        Assert.StartsWith("Resolved: ", entries[1].Element(atom + "title")!.Value);
    }

    private static void RequireRfc3339(string value) =>
        Assert.Equal(XmlConvert.ToDateTimeOffset(value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), value);
}
