using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class AnswerCardTests
{
    private static readonly DateTimeOffset To = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);

    private static LogSnippetModel Snippet(int lines, int chars) => new()
    {
        Service = "checkout-api",
        From = To.AddMinutes(-15),
        To = To,
        Lines = Enumerable.Range(0, lines).Select(i => new LogLineModel(To.AddSeconds(-i), "loki", $"{i} <tag> & " + new string('x', chars), i % 3 == 0)).ToList(),
        ExploreLink = "https://grafana.example.com/explore?x=1",
    };

    [Fact]
    public void Slack_blocks_stay_within_Slack_limits_for_a_large_snippet()
    {
        var message = SlackBlocks.LogSnippet(Snippet(lines: 400, chars: 290));
        var blocks = message["blocks"]!.AsArray();

        Assert.InRange(blocks.Count, 3, SlackBlocks.MaxBlocks);
        foreach (var section in blocks.Where(b => b!["type"]!.GetValue<string>() == "section"))
            Assert.InRange(section!["text"]!["text"]!.GetValue<string>().Length, 1, SlackBlocks.MaxSectionChars);
        Assert.InRange(message["text"]!.GetValue<string>().Length, 1, SlackBlocks.MaxSectionChars);
        Assert.Contains("&lt;tag&gt; &amp;", blocks[2]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void The_log_card_shows_each_line_in_monospace_with_errors_marked_and_the_range()
    {
        var card = LogSnippetCard.Build(Snippet(lines: 3, chars: 5) with { OmittedLines = 7 });
        var texts = Visible(card);
        var blocks = card["body"]!.AsArray().SelectMany(Descendants).Where(n => n["fontType"]?.GetValue<string>() == "Monospace").ToList();

        Assert.Equal(3, blocks.Count);
        Assert.StartsWith(LogSnippetCard.ErrorMark, blocks[0]["text"]!.GetValue<string>());
        Assert.Equal("attention", blocks[0]["color"]!.GetValue<string>());
        Assert.Null(blocks[1]["color"]);
        Assert.Contains("2026-11-20 09:47–10:02 UTC · 3 lines (and 7 more)", texts);
        Assert.Equal("Open in Grafana Explore", card["actions"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }

    [Fact]
    public void The_draft_card_shows_both_lengths_and_counts_the_post()
    {
        var card = CustomerDraftCard.Build(new CustomerDraftModel("INC-42", "Dear customer…", "Checkout: we're investigating."));
        var text = Visible(card);
        Assert.Contains("Dear customer…", text);
        Assert.Contains("Short post (30/280)", text);
    }

    private static string Visible(JsonObject card) =>
        string.Join("\n", Descendants(card).Select(o => o["text"]).OfType<JsonValue>().Select(v => v.GetValue<string>()));

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            yield return o;
            foreach (var child in o.Select(p => p.Value).SelectMany(Descendants)) yield return child;
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a.SelectMany(Descendants)) yield return child;
        }
    }
}
