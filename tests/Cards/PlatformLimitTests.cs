using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

/// <summary>Long incidents still fit: Teams messages under 80 KB, Slack within 50 blocks, 3,000 characters a section, 10 fields.</summary>
public sealed class PlatformLimitTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 41, 0, TimeSpan.Zero);

    private static BriefingModel Huge() => new()
    {
        IncidentId = "INC-7",
        Title = new string('T', 5000),
        Description = new string('D', 50_000),
        Service = "checkout-api",
        Severity = "critical",
        Status = "identified",
        StartedAt = At,
        FiringAlerts = 3,
        TotalAlerts = 400,
        AcknowledgedBy = "Olga Oncall",
        Assignee = "Sam Sre",
        Links = Enumerable.Range(1, 40).Select(i => new CardLink($"Dashboard {i}", $"https://grafana.example.com/d/{i}")).ToList(),
        Updates = Enumerable.Range(1, 30).Select(i => new CardUpdate(At.AddMinutes(i), "Olga Oncall", $"Update {i}: " + new string('u', 20_000))).Reverse().ToList(),
        OnCallActions = true,
    };

    private static TimelineModel LongTimeline(int entries, int chars = 500) => new("INC-7", "Checkout down",
        Enumerable.Range(1, entries).Select(i => new TimelineEntry(At.AddMinutes(i), "Olga Oncall", $"Entry {i} " + new string('x', chars))).ToList());

    [Fact]
    public void Briefing_card_stays_under_the_Teams_message_size_and_says_what_it_left_out()
    {
        var card = BriefingCard.Build(Huge());
        Assert.True(Bytes(card) < CardLimits.TeamsMessageBytes, $"{Bytes(card)} bytes");
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("…and 27 earlier updates", Json(card));
        Assert.Contains("Update 30", Json(card));
        Assert.True(card["actions"]!.AsArray().Count <= CardLimits.TeamsActions);
    }

    [Fact]
    public void Briefing_card_has_execute_buttons_with_submit_fallbacks_and_asks_before_resolving_a_firing_incident()
    {
        var card = BriefingCard.Build(Huge() with { AcknowledgedBy = null });
        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var ack = actions.Single(a => a["title"]!.GetValue<string>() == "Acknowledge");
        Assert.Equal(("Action.Execute", "ack"), (ack["type"]!.GetValue<string>(), ack["verb"]!.GetValue<string>()));
        Assert.Equal("Action.Submit", ack["fallback"]!["type"]!.GetValue<string>());
        Assert.Equal("INC-7", ack["fallback"]!["data"]!["incident"]!.GetValue<string>());

        var resolve = actions.Single(a => a["title"]!.GetValue<string>() == "Resolve");
        Assert.Contains("3 alerts are still firing. Resolve anyway?", resolve.ToJsonString());
        Assert.True(resolve["card"]!["actions"]![0]!["data"]!["confirm"]!.GetValue<bool>());
    }

    [Fact]
    public void Resolved_briefing_has_no_on_call_buttons()
    {
        var card = BriefingCard.Build(Huge() with { Status = "resolved", ResolvedAt = At.AddHours(1), Duration = "1h" });
        Assert.DoesNotContain("Action.Execute", Json(card));
    }

    [Fact]
    public void Slack_briefing_respects_block_section_and_field_limits()
    {
        var message = SlackBriefing.Build(Huge());
        var attachment = message["attachments"]![0]!;
        Assert.Equal("#D13438", attachment["color"]!.GetValue<string>());
        var blocks = attachment["blocks"]!.AsArray();
        Assert.True(blocks.Count <= CardLimits.SlackBlocks);
        foreach (var block in blocks)
        {
            if (block!["text"]?["text"] is { } text) Assert.True(text.GetValue<string>().Length <= CardLimits.SlackSectionChars);
            if (block["fields"] is JsonArray fields) Assert.True(fields.Count <= CardLimits.SlackFields);
        }
        Assert.Contains("…and 27 earlier updates", Json(message));
        var buttons = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal(["update", "resolve"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal("INC-7 confirm", buttons[1]!["value"]!.GetValue<string>());
        Assert.NotNull(buttons[1]!["confirm"]);
    }

    [Fact]
    public void Slack_fields_beyond_ten_are_summarised()
    {
        var section = BlockKit.Fields(Enumerable.Range(1, 14).Select(i => ($"F{i}", "v")));
        var fields = section["fields"]!.AsArray();
        Assert.Equal(10, fields.Count);
        Assert.Equal("*More*\n…and 5 more", fields[9]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Slack_text_is_escaped()
    {
        var message = SlackBriefing.Build(Huge() with { Title = "p99 <5s & rising", Description = null, Updates = [] });
        Assert.Contains("p99 &lt;5s &amp; rising", Json(message));
    }

    [Fact]
    public void Long_timeline_keeps_the_newest_entries_within_50_Slack_blocks()
    {
        var message = TimelineCard.BuildSlack(LongTimeline(120));
        var blocks = message["blocks"]!.AsArray();
        Assert.Equal(CardLimits.SlackBlocks, blocks.Count);
        Assert.Contains("…and 72 earlier entries", Json(message));
        Assert.Contains("Entry 120 ", blocks[^1]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Long_timeline_stays_under_the_Teams_message_size()
    {
        var card = TimelineCard.Build(LongTimeline(400, chars: 1900));
        Assert.True(Bytes(card) < CardLimits.TeamsMessageBytes, $"{Bytes(card)} bytes");
        var json = Json(card);
        Assert.Matches(@"…and \d+ earlier entries", json);
        Assert.Contains("Entry 400 ", json);
        Assert.DoesNotContain("Entry 1 ", json);
    }

    [Fact]
    public void Short_timeline_is_shown_whole()
    {
        var json = Json(TimelineCard.Build(LongTimeline(3)));
        Assert.DoesNotContain("…and", json);
        Assert.Contains("Entry 1 ", json);
    }

    private static int Bytes(JsonObject card) => Encoding.UTF8.GetByteCount(card.ToJsonString());

    private static string Json(JsonNode node) => node.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
