using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// The hostile-string table: hostile text and links through every monitoring source into every surface — the Teams
/// briefing card and answers (rendered with markdown-it as /dev does), the Slack briefing and answers (Block Kit),
/// the status page (HTML, JSON, Atom) and the digest card. Nowhere a live Slack mention, a link the bot did not mean,
/// an extra markdown link or formatting in a Teams TextBlock, or script in HTML.
/// </summary>
public sealed partial class HostileStringTableTests : IAsyncLifetime
{
    private const string Teams = "19:support-general@thread.tacv2";
    private const string Slack = "B0BOT:T0TEAM:C0SUPPORT";

    /// <summary>Every hostile string of the corpus that fits a title, in one line.</summary>
    private static readonly string Hostile = string.Join(" ", HostileStrings.Texts.Where(t => t.Length < 200).Select(t => t.Replace('\n', ' ')));

    private const string OnCallTeams = "29:olga";

    private const string HostileLink = "https://evil.example/a|x> <!channel> <https://b.example";

    // source, firing fixture, text in the fixture that becomes the title (or part of it), a link in the fixture
    public static TheoryData<string, string, string, string?> Sources => new()
    {
        { "alertmanager", "alertmanager-firing.json", "Checkout API 5xx rate above 5%", "https://runbooks.example.com/checkout/high-error-rate" },
        { "grafana", "grafana-1-firing.json", "Checkout p99 latency above 2s", "https://grafana.example.com/d/checkout01" },
        { "datadog", "datadog-1-triggered.json", "Search API error rate high", "https://app.datadoghq.com/event/event?id=7621198745123987345" },
        { "azure-monitor", "azure-monitor-1-fired.json", "Orders database CPU above 90% for 10 minutes", null },
        { "zabbix", "zabbix-1-problem.json", "Disk space is low on mq-broker-3", "https://zabbix.example.com" },
        { "nagios", "nagios-1-problem.json", "HTTPS storefront", null },
        { "uptime-kuma", "uptime-kuma-down.json", "timeout of 48000ms exceeded", "https://portal.example.com/health" },
    };

    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(UptimeKumaSource.Settings(new Dictionary<string, string?>
        {
            ["OnCall:Engineers:0"] = OnCallTeams,
            ["OnCall:Engineers:1"] = "U0OLGA",
        }));
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Hostile_alert_text_and_links_reach_no_surface_as_markup(string source, string fixture, string titleText, string? link)
    {
        var teams = new BotClient(_http, _connector.Url, "msteams");
        var slack = new BotClient(_http, _connector.Url, "slack");
        await teams.AddBotAsync(Teams);
        await slack.SayAsync(Slack, "subscribe here", userId: "U0RITA:T0TEAM", userName: "rita");
        await _connector.WaitForAsync(c => c.ConversationId == Slack && c.Text.Contains("will now get outage briefings"), what: "the Slack subscription");

        var shipped = Path.Combine(Fixtures.RepoRoot, "samples", fixture);
        var body = (File.Exists(Path.Combine(Fixtures.Directory, fixture)) ? Fixtures.Text(fixture) : File.ReadAllText(shipped)).Replace(titleText, JsonText(Hostile));
        if (link is not null) body = body.Replace(link, JsonText(HostileLink));
        var posted = await _http.PostAsync($"/api/webhooks/{source}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, await posted.Content.ReadAsStringAsync());

        // Briefings, as posted into each channel.
        var teamsCard = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == Teams && c.Card is not null, what: "the Teams briefing");
        var slackMessage = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == Slack && c.Body["channelData"] is not null, what: "the Slack briefing");
        Assert.Contains("<!channel>", CardText.Unescaped(teamsCard.Visible)); // the hostile text is there, as text
        await AssertTeamsCardIsInertAsync(teamsCard.Card!);
        AssertSlackIsInert(slackMessage.Body);

        // Answers to reps, in each channel.
        foreach (var question in new[] { "status", "incident 1", "timeline 1", "is <!channel> [x](https://evil.example/q) ok", "<@U123> *hi* [y](https://evil.example/r)" })
        {
            var before = System.Diagnostics.Stopwatch.GetTimestamp();
            await teams.SayAsync(Teams, question);
            var answer = await _connector.WaitForAsync(c => c.ReceivedAt > before && c.ConversationId == Teams && c.ReplyToId is not null, what: $"the Teams answer to {question}");
            if (answer.Card is { } card) await AssertTeamsCardIsInertAsync(card);
            else await AssertTeamsTextIsInertAsync(answer.Text);

            before = System.Diagnostics.Stopwatch.GetTimestamp();
            await slack.SayAsync(Slack, question, userId: "U0RITA:T0TEAM", userName: "rita");
            var slackAnswer = await _connector.WaitForAsync(c => c.ReceivedAt > before && c.ConversationId == Slack && c.ReplyToId is not null, what: $"the Slack answer to {question}");
            AssertSlackIsInert(slackAnswer.Body);
        }

        // An on-call update echoing the hostile text, posted in the card's thread in both channels.
        var updated = System.Diagnostics.Stopwatch.GetTimestamp();
        await teams.SayAsync(Teams, "update 1 identified: " + Hostile, userId: OnCallTeams, userName: "Olga Oncall");
        await _connector.WaitForAsync(c => c.ReceivedAt > updated && c.ConversationId.StartsWith(Teams + ";") && c.Text.Contains("📣"), what: "the Teams thread update");
        await _connector.WaitForAsync(c => c.ReceivedAt > updated && c.ConversationId == Slack && c.Method == "POST"
                                           && c.Body["channelData"]?.Value<string>("text")?.Contains("Identified") == true, what: "the Slack thread update");
        foreach (var call in _connector.Calls.Where(c => c.ReceivedAt > updated))
        {
            if (call.ConversationId == Slack) AssertSlackIsInert(call.Body);
            else if (call.Card is { } card) await AssertTeamsCardIsInertAsync(card);
            else await AssertTeamsTextIsInertAsync(call.Text);
        }

        // The public status page, its JSON and its feed.
        var html = await _http.GetStringAsync("/status");
        AssertHtmlIsInert(html);
        using (JsonDocument.Parse(await _http.GetStringAsync("/status.json"))) { }
        var atom = XDocument.Parse(await _http.GetStringAsync("/status.atom"));
        foreach (var content in atom.Descendants().Where(e => e.Name.LocalName is "content" or "summary" or "title"))
            if ((string?)content.Attribute("type") == "html") AssertHtmlIsInert(content.Value);   // escaped HTML: decoded, still inert
            else Assert.Empty(content.Descendants());                                               // text: no elements at all

        // The digest card (as /dev shows a manager's digest).
        var dev = JsonNode.Parse(await _http.GetStringAsync("/dev/cards.json"))!;
        foreach (var card in Cards(dev)) await AssertTeamsCardIsInertAsync(JObject.Parse(card.ToJsonString()));
    }

    private static IEnumerable<JsonObject> Cards(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "AdaptiveCard" && o["$schema"] is not null => [o],
        JsonObject o => o.SelectMany(p => Cards(p.Value)),
        JsonArray a => a.SelectMany(Cards),
        _ => [],
    };

    private static string JsonText(string s) => JsonSerializer.Serialize(s)[1..^1];

    /// <summary>Rendered with markdown-it: no link, no formatting from outside; link buttons only to normalized http(s) URLs.</summary>
    private static async Task AssertTeamsCardIsInertAsync(JObject card)
    {
        var blocks = card.Descendants().OfType<JObject>().SelectMany(o => o.Value<string>("type") switch
        {
            "TextBlock" => [o.Value<string>("text") ?? ""],
            "FactSet" => o["facts"]!.Select(f => f.Value<string>("value") ?? ""),
            _ => [],
        }).ToList();
        var rendered = await MarkdownRenderer.RenderAsync(blocks);
        for (var i = 0; i < blocks.Count; i++)
        {
            Assert.True(rendered[i].Links.All(IsOwnLink), $"a link in a Teams TextBlock: {Clip(blocks[i])} → {string.Join(", ", rendered[i].Links)}");
            Assert.True(rendered[i].Tags.All(t => t is "p" or "br" or "strong" or "a"), $"markup {string.Join(",", rendered[i].Tags)} in: {Clip(blocks[i])}");
        }
        foreach (var url in card.Descendants().OfType<JObject>().Where(o => o.Value<string>("type") == "Action.OpenUrl").Select(o => o.Value<string>("url")!))
            Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute) && url.StartsWith("http") && !Regex.IsMatch(url, "[ <>|()]"), $"link button to {url}");
    }

    /// <summary>A plain Teams message (markdown): no link and no formatting but the bot's own bold.</summary>
    private static async Task AssertTeamsTextIsInertAsync(string text)
    {
        var rendered = (await MarkdownRenderer.RenderAsync([text]))[0];
        Assert.True(rendered.Links.Length == 0 && rendered.Tags.All(t => t is "p" or "br" or "strong" or "ul" or "li"),
            $"markup {string.Join(",", rendered.Tags)} / links {string.Join(",", rendered.Links)} in the message: {Clip(text)}");
    }

    /// <summary>The digest links an incident id to the incident's first link: the bot's own link, in normalized form.</summary>
    private static bool IsOwnLink(string href) => Uri.IsWellFormedUriString(href, UriKind.Absolute) && href.StartsWith("http") && !Regex.IsMatch(href, "[ <>|()]");

    private static void AssertSlackIsInert(JObject activity)
    {
        var channelData = activity["channelData"] as JObject;
        var parsed = new List<string> { activity.Value<string>("text") ?? "" };
        if (channelData is not null)
            parsed.AddRange(channelData.Descendants().OfType<JProperty>()
                .Where(p => p.Value.Type == JTokenType.String && (p.Parent as JObject)?.Value<string>("type") != "plain_text")
                .Select(p => p.Value.ToString()));
        foreach (var value in parsed)
            foreach (Match m in SlackAngle().Matches(value))
            {
                var target = m.Groups[1].Value.Split('|')[0];
                Assert.True(IsOwnLink(target) && target.StartsWith("https://evil.example/a%7Cx") || target.StartsWith("http") && IsOwnLink(target),
                    $"live Slack markup <{m.Groups[1].Value}> in: {Clip(value)}");
            }
    }

    [GeneratedRegex(@"<([^<>]*)>")]
    private static partial Regex SlackAngle();

    private static void AssertHtmlIsInert(string html)
    {
        foreach (var bad in new[] { "<script>alert", "<img src=x", "<svg onload", "onerror=alert", "<at>" })
            Assert.DoesNotContain(bad, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
    }

    private static string Clip(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
