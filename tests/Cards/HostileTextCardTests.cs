using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Cards;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Cards;

/// <summary>
/// Hostile alert text and links through the card builders: Slack gets no live mention and no link the bot did not
/// mean, Teams TextBlocks render (markdown-it, as /dev does) to exactly the text, with no link and no formatting.
/// </summary>
public sealed partial class HostileTextCardTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static BriefingModel Briefing(string text, string? link = null, bool onCall = true) => new()
    {
        IncidentId = "INC-7", Title = text, Description = text, Service = text, Severity = "critical", Status = "investigating",
        StartedAt = At, FiringAlerts = 1, TotalAlerts = 1, OnCallActions = onCall, AcknowledgedBy = text, Assignee = text,
        Links = link is null ? [] : [new CardLink(text, link)],
        Updates = [new CardUpdate(At, text, text)],
    };

    public static TheoryData<string> Texts() => [.. HostileStrings.Texts];
    public static TheoryData<string> Links() => [.. HostileStrings.Links];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Slack_messages_carry_no_live_mention_or_link_from_alert_text(string text)
    {
        var model = Briefing(text);
        foreach (var message in SlackMessages(model, text))
            AssertNoSlackControl(message, allowedLinks: []);
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void Slack_links_are_only_the_normalized_http_links_and_cannot_close_their_markup(string link)
    {
        var message = SlackBriefing.Build(Briefing("Checkout down", link));
        var expected = SafeLink.Normalize(link);
        AssertNoSlackControl(message, allowedLinks: expected is null ? [] : [expected]);
        if (expected is not null) Assert.True(Uri.IsWellFormedUriString(expected, UriKind.Absolute), expected);
    }

    [Theory]
    [MemberData(nameof(Links))]
    public async Task Teams_links_are_open_url_buttons_with_the_normalized_url_and_no_markdown_link(string link)
    {
        foreach (var onCall in new[] { true, false })
        {
            var card = BriefingCard.Build(Briefing("Checkout down", link, onCall));
            var urls = Descendants(card).Where(n => n["type"]?.GetValue<string>() == "Action.OpenUrl").Select(n => n["url"]!.GetValue<string>()).ToList();
            var expected = SafeLink.Normalize(link);
            Assert.Equal(expected is null ? [] : [expected], urls);
            var rendered = await MarkdownRenderer.RenderAsync(TextBlocks(card));
            Assert.All(rendered, r => Assert.Empty(r.Links));
        }
    }

    [Fact]
    public async Task Teams_text_blocks_render_hostile_text_literally_with_no_link_or_formatting()
    {
        var cards = HostileStrings.Texts.SelectMany(TeamsCards).ToList();
        var texts = cards.SelectMany(TextBlocks).ToList();
        var rendered = await MarkdownRenderer.RenderAsync(texts);

        var allowedTags = new HashSet<string> { "p", "br", "strong" };  // the bot's own **bold**; nothing from the alert text
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.True(rendered[i].Links.Length == 0, $"a link in: {Clip(texts[i])}\n→ {string.Join(", ", rendered[i].Links)}");
            Assert.True(rendered[i].Tags.All(allowedTags.Contains), $"tags {string.Join(",", rendered[i].Tags)} in: {Clip(texts[i])}");
        }
        // Escaping loses nothing: each hostile text reads exactly as written (whitespace aside).
        var escaped = await MarkdownRenderer.RenderAsync(HostileStrings.Texts.Select(TeamsMarkdown.Escape).ToList());
        for (var i = 0; i < HostileStrings.Texts.Length; i++)
            Assert.Equal(Words(HostileStrings.Texts[i]), Words(escaped[i].Visible));
    }

    [Fact]
    public async Task The_bots_own_formatting_and_links_still_work()
    {
        var digest = DigestCard.Build(new DigestModel
        {
            Title = "Daily digest", Period = "today", Opened = 1, TimeToAcknowledge = "no figure", TimeToResolve = "no figure",
            Services = [new DigestServiceRow("[x](https://evil.example)", "1 critical", 5, "99%")],
            Longest = [new DigestIncidentRow("INC-7", "*title*", "checkout", "critical", "5m", false, "https://bot.example/status/incidents/7")],
        });
        var rendered = await MarkdownRenderer.RenderAsync(TextBlocks(digest));
        Assert.Equal(["https://bot.example/status/incidents/7"], rendered.SelectMany(r => r.Links).ToArray());
        Assert.Contains(rendered, r => r.Tags.Contains("strong") && r.Visible.Contains("[x](https://evil.example)"));
    }

    private static IEnumerable<JsonObject> SlackMessages(BriefingModel model, string text)
    {
        yield return SlackBriefing.Build(model);
        yield return SlackRollUp.Build(new RollUpModel([model, model with { Status = "resolved" }]));
        yield return SlackStatus.Build([model], At);
        yield return TimelineCard.BuildSlack(new TimelineModel("INC-7", text, [new TimelineEntry(At, text, text)]));
        yield return SlackBlocks.LogSnippet(new LogSnippetModel
        {
            Service = text, From = At, To = At, Lines = [new LogLineModel(At, "alert", text, true)], Problems = [text], ExploreLink = text,
        });
        yield return SlackBlocks.Draft(new CustomerDraftModel("INC-7", text, text));
        yield return SlackBlocks.Message(text, text, text, [SlackBlocks.Escape(text)], text, text);
    }

    private static IEnumerable<JsonObject> TeamsCards(string text)
    {
        var model = Briefing(text);
        yield return BriefingCard.Build(model);
        yield return RollUpCard.Build(new RollUpModel([model, model with { Status = "resolved", ResolvedAt = At, Duration = "5m" }]));
        yield return BriefingCard.Build(model with { OnCallActions = false, Status = "resolved", ResolvedAt = At, Duration = "5m" });
        yield return StatusCard.Build([model], At);
        yield return ServiceStatusCard.Build(text, [model], model with { ResolvedAt = At }, At);
        yield return TimelineCard.Build(new TimelineModel("INC-7", text, [new TimelineEntry(At, text, text)]));
        yield return LogSnippetCard.Build(new LogSnippetModel
        {
            Service = text, From = At, To = At, Lines = [new LogLineModel(At, "alert", text, true)], Problems = [text],
        });
        yield return CustomerDraftCard.Build(new CustomerDraftModel("INC-7", text, text));
        yield return SubscriptionsCard.Build([new SubscriptionRow(1, text)], [], "Type help.");
        yield return DigestCard.Build(new DigestModel
        {
            Title = "Daily digest", Period = "today", Opened = 1, TimeToAcknowledge = "no figure", TimeToResolve = "no figure",
            Services = [new DigestServiceRow(text, "1 critical", 5, "99%")],
            Longest = [new DigestIncidentRow("INC-7", text, text, "critical", "5m", false, null)],
        });
    }

    /// <summary>
    /// In every string Slack parses (every value of the message), the only &lt;…&gt; sequences are the links the bot meant.
    /// </summary>
    private static void AssertNoSlackControl(JsonObject message, IReadOnlyList<string> allowedLinks)
    {
        // plain_text (headers, button labels) is shown as it is: Slack parses no markup in it.
        var parsed = Descendants(message).Where(o => o["type"]?.ToString() != "plain_text");
        foreach (var value in parsed.SelectMany(o => o).Where(p => p.Value is JsonValue).Select(p => p.Value!.ToString()))
        {
            foreach (Match m in SlackAngle().Matches(value))
            {
                var target = m.Groups[1].Value.Split('|')[0];
                Assert.True(allowedLinks.Contains(target), $"live Slack markup <{m.Groups[1].Value}> in: {Clip(value)}");
            }
        }
    }

    [GeneratedRegex(@"<([^<>]*)>")]
    private static partial Regex SlackAngle();

    private static IReadOnlyList<string> TextBlocks(JsonObject card) =>
        Descendants(card).SelectMany(n => n["type"]?.GetValue<string>() switch
        {
            "TextBlock" => [n["text"]!.GetValue<string>()],
            "FactSet" => n["facts"]!.AsArray().Select(f => f!["value"]!.GetValue<string>()),
            _ => [],
        }).ToList();

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    private static string Words(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static string Clip(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
