using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Cards;

/// <summary>A major event of 500 incidents with long texts still makes one small card: under 28 KB in Teams, within Slack's limits.</summary>
public sealed class RollUpLimitTests
{
    private const int TeamsCardBytes = 28 * 1024;
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 41, 0, TimeSpan.Zero);
    private static readonly string[] Severities = ["critical", "major", "minor", "info"];

    private static RollUpModel FiveHundred() => new(Enumerable.Range(1, 500).Select(n => new BriefingModel
    {
        IncidentId = $"INC-{n}",
        Title = $"Incident {n} " + new string('T', 5000),
        Description = new string('D', 50_000),
        Service = $"service-{n % 40}-" + new string('s', 200),
        Severity = Severities[n % 4],
        Status = n % 3 == 0 ? "resolved" : "investigating",
        StartedAt = At,
    }).OrderBy(i => i.IsResolved).ThenBy(i => Array.IndexOf(Severities, i.Severity)).ToList());

    [Fact]
    public void Teams_roll_up_of_500_incidents_stays_under_28_KB_and_says_how_many_it_left_out()
    {
        var card = RollUpCard.Build(FiveHundred());
        var json = card.ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(json) < TeamsCardBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
        var visible = card.Visible();
        Assert.Contains("Major event: 500 incidents, 125 critical, services service-", visible);
        Assert.Contains("and 35 more", visible);
        Assert.Contains("334 open, 166 resolved", visible);
        Assert.Contains($"…and {500 - RollUpModel.MaxListed} more", visible);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }

    [Fact]
    public void Slack_roll_up_of_500_incidents_keeps_to_Block_Kit_limits()
    {
        var message = SlackRollUp.Build(FiveHundred());
        var blocks = message["attachments"]![0]!["blocks"]!.AsArray();
        Assert.True(blocks.Count <= CardLimits.SlackBlocks, $"{blocks.Count} blocks");
        Assert.All(blocks, b => Assert.True((b!["text"]?["text"]?.GetValue<string>().Length ?? 0) <= CardLimits.SlackSectionChars));
        Assert.Contains($"…and {500 - RollUpModel.MaxListed} more", message.Visible());
    }

    [Fact]
    public void The_most_severe_open_incidents_come_first_each_with_its_number_and_state()
    {
        var card = RollUpCard.Build(FiveHundred());
        var texts = card["body"]!.AsArray().Skip(1).Select(b => b!["text"]!.GetValue<string>()).Where(t => t.Contains("INC")).ToList();
        Assert.Equal(RollUpModel.MaxListed, texts.Count);
        Assert.All(texts, t => Assert.Contains("CRITICAL · Investigating", t));
    }
}
