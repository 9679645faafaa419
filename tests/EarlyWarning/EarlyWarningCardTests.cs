using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.EarlyWarning;

public sealed class EarlyWarningCardTests
{
    private static EarlyWarningModel Active(string name = "Checkout error ratio", string service = "checkout-api") => new()
    {
        WarningId = "checkout-api/error-ratio@1800000000",
        Service = service,
        SignalName = name,
        State = EarlyWarningState.Active,
        ValueNow = "0.032",
        Threshold = "0.05",
        Direction = "above",
        CrossingText = "in about 12 min",
        Recent = [1, 1, 2, 3, 5, 8, 13],
        RecentSpan = "last 30 min",
        RaisedAt = DateTimeOffset.Parse("2026-11-29T05:00:00Z"),
    };

    private static string AllText(JsonNode node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => AllText(p.Value!))),
        JsonArray a => string.Join("\n", a.Select(n => AllText(n!))),
        JsonValue v => v.ToString(),
        _ => "",
    };

    [Fact]
    public void The_card_says_what_may_happen_when_with_the_trend_and_buttons_for_on_call()
    {
        var card = EarlyWarningCard.Build(Active());
        var text = AllText(card["body"]!);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("EARLY WARNING · checkout-api · may cross in about 12 min", text);
        Assert.Contains("Nothing is down now", text);
        Assert.Contains("0.032", text);
        Assert.Contains("above 0.05", text);
        Assert.Contains("▁▁▂▂▃▅█", text);
        var buttons = card["actions"]!.AsArray().Select(a => (a!["title"]!.GetValue<string>(), a["data"]!["verb"]!.GetValue<string>())).ToList();
        Assert.Equal([("Looking at it", EarlyWarningCard.LookingVerb), ("Dismiss", EarlyWarningCard.DismissVerb)], buttons);
        // Not an incident's look: no severity, the accent style.
        Assert.Equal("accent", card["body"]![0]!["style"]!.GetValue<string>());
        Assert.DoesNotContain("CRITICAL", text);
    }

    [Fact]
    public void Recovered_came_true_and_dismissed_cards_lose_their_buttons()
    {
        var recovered = EarlyWarningCard.Build(Active() with { State = EarlyWarningState.Recovered, EndedAt = DateTimeOffset.Parse("2026-11-29T05:20:00Z") });
        Assert.Contains("Recovered, no outage", AllText(recovered["body"]!));
        Assert.Null(recovered["actions"]);

        var cameTrue = EarlyWarningCard.Build(Active() with
        {
            State = EarlyWarningState.CameTrue, IncidentId = "INC-42", IncidentUrl = "https://bot.example.com/api/incidents/42", LeadText = "14 min",
        });
        Assert.Contains("came true: INC-42, warned 14 min before", AllText(cameTrue["body"]!));
        var open = Assert.Single(cameTrue["actions"]!.AsArray());
        Assert.Equal("https://bot.example.com/api/incidents/42", open!["url"]!.GetValue<string>());

        var dismissed = EarlyWarningCard.Build(Active() with { State = EarlyWarningState.Dismissed, DismissedBy = "Ana" });
        Assert.Contains("Dismissed by", AllText(dismissed["body"]!));
    }

    [Fact]
    public void Hostile_names_are_shown_as_text_in_teams_and_slack()
    {
        var hostile = Active(name: "[click me](https://evil.example) **now**", service: "<!channel> & co");
        var teams = AllText(EarlyWarningCard.Build(hostile)["body"]!);
        Assert.DoesNotContain("[click me](https://evil.example)", teams);
        Assert.Contains(@"\[click me\](https://evil.example) \*\*now\*\*", teams);

        var slack = SlackEarlyWarning.Build(hostile);
        var slackText = AllText(slack);
        Assert.DoesNotContain("<!channel>", slackText);
        Assert.Contains("&lt;!channel&gt; &amp; co", slackText);
        var buttons = slack["attachments"]![0]!["blocks"]!.AsArray().Last()!["elements"]!.AsArray();
        Assert.Equal([SlackEarlyWarning.LookingAction, SlackEarlyWarning.DismissAction], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "▁▂▃▄▅▆▇█")]
    [InlineData(new double[] { 5, 5, 5 }, "▄▄▄")]
    [InlineData(new double[] { 0, double.NaN, 10 }, "▁ █")]
    [InlineData(new double[0], "")]
    public void Sparkline_maps_values_onto_eight_levels(double[] values, string expected) =>
        Assert.Equal(expected, Sparkline.Of(values));

    [Fact]
    public void A_long_series_is_averaged_into_the_sparkline_width()
    {
        var line = Sparkline.Of(Enumerable.Range(0, 240).Select(i => (double)i).ToList(), width: 24);
        Assert.Equal(24, line.Length);
        Assert.Equal('▁', line[0]);
        Assert.Equal('█', line[^1]);
    }
}
