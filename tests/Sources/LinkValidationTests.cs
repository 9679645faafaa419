using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Sources;
using SupportBot.Sources.Alertmanager;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Sources;

/// <summary>Links from payloads: absolute http(s) only, kept as the normalized, percent-encoded absolute URI.</summary>
public sealed class LinkValidationTests
{
    [Theory]
    [InlineData("https://evil.example/a|x> <!channel> <https://b.example")]
    [InlineData("https://evil.example/d) [Click here](https://phish.example/login")]
    [InlineData("https://evil.example/path with spaces/\"q\"")]
    public void A_link_that_would_close_its_markup_is_kept_only_percent_encoded(string raw)
    {
        var link = Json.WebLink(raw);
        Assert.NotNull(link);
        Assert.Equal(new Uri(raw).AbsoluteUri, link);
        Assert.DoesNotContain(' ', link);
        Assert.DoesNotContain('<', link);
        Assert.DoesNotContain('>', link);
        Assert.DoesNotContain('"', link);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("//evil.example/protocol-relative")]
    [InlineData("/relative/path")]
    [InlineData("")]
    public void Anything_but_an_absolute_http_link_is_dropped(string raw) => Assert.Null(Json.WebLink(raw));

    [Fact]
    public void Alertmanager_annotation_links_arrive_normalized()
    {
        var payload = JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!.AsObject();
        var alert = payload["alerts"]![0]!;
        alert["annotations"]!["runbook_url"] = "https://evil.example/a|x> <!channel> <https://b.example";
        alert["annotations"]!["dashboard"] = "javascript:alert(1)";
        alert["generatorURL"] = "https://prometheus.example/graph?g0.expr=rate(x[5m]) > 0";
        using var doc = JsonDocument.Parse(payload.ToJsonString());

        var parsed = Assert.Single(new AlertmanagerSource().Parse(doc.RootElement, new SourceOptions(), DateTimeOffset.UnixEpoch).Alerts);

        Assert.Equal(["Source", "Runbook"], parsed.Links.Select(l => l.Title));
        Assert.All(parsed.Links, l => Assert.Equal(new Uri(l.Url).AbsoluteUri, l.Url));
        Assert.All(parsed.Links, l => Assert.DoesNotContain(' ', l.Url));
        Assert.DoesNotContain("<!channel>", parsed.Links[1].Url);
    }
}
