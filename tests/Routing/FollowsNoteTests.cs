using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;
using SupportBot.Channels;
using SupportBot.Presentation;

namespace SupportBot.Tests.Routing;

/// <summary>The line under "status" in a filtered channel, in Teams and in Slack, with service names from outside kept literal.</summary>
public sealed class FollowsNoteTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-20T10:00:00Z");
    private const string Hostile = "*checkout*,<!channel>,[x](https://evil.example)";

    private static string Follows() =>
        ChannelFilterText.Parse(["service", Hostile, "severity", "major"]).Filter!.Describe();

    [Fact]
    public void Teams_status_ends_with_what_the_channel_follows_as_literal_text()
    {
        var card = ActivityText.CardJson(IncidentCards.Status([], 0, Now, ChannelIds.Msteams, [], Follows()).Attachments[0].Content);
        var line = card["body"]!.Last!.Value<string>("text")!;

        Assert.Equal("Briefings in this channel: *checkout*, <!channel>, [x](https://evil.example), major or worse. This list shows every open incident.",
            SupportBot.Tests.Infrastructure.CardText.Unescaped(line));
        Assert.DoesNotContain("[x](", line);   // no link
        Assert.Contains(@"\*checkout\*", line);   // no emphasis
    }

    [Fact]
    public void Slack_status_ends_with_what_the_channel_follows_with_no_mention_or_link()
    {
        var message = (JObject)IncidentCards.Status([], 0, Now, ChannelIds.Slack, [], Follows()).ChannelData;
        var blocks = (JArray)(message.SelectToken("attachments[0].blocks") ?? message["blocks"])!;
        var line = blocks.Last!.SelectToken("elements[0].text")!.Value<string>()!;

        Assert.StartsWith("Briefings in this channel: ", line);
        Assert.Contains("&lt;!channel&gt;", line);
        Assert.DoesNotContain("<!channel>", line);
        Assert.Contains("major or worse", line);
    }

    [Fact]
    public void No_line_where_the_channel_follows_everything()
    {
        var card = ActivityText.CardJson(IncidentCards.Status([], 0, Now, ChannelIds.Msteams, [], null).Attachments[0].Content);
        Assert.DoesNotContain("Briefings in this channel", card.ToString());
    }
}
