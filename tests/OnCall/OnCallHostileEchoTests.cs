using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.OnCall;

/// <summary>
/// The on-call replies that repeat what someone typed (an unknown word, a bad incident id, a bad severity) show it as
/// text: in Teams no link or formatting from it, in Slack no live mention or link.
/// </summary>
public sealed partial class OnCallHostileEchoTests
{
    private readonly OnCallHarness _h = new();

    /// <summary>Commands whose reply echoes a hostile word: each text of the hostile table as the id and as the severity.</summary>
    private static IEnumerable<string> HostileCommands() =>
        HostileStrings.Texts.SelectMany(t => new[] { "ack " + t.TrimStart(), "severity 1 " + t })
            .Append("ack [phish](https://evil.example/p)")
            .Append("severity 1 <!channel> [x](https://evil.example/s)")
            .Append("resolv 1");

    private async Task<List<(string Typed, string Reply)>> RepliesAsync(string channelId)
    {
        await _h.OpenIncidentAsync();
        var replies = new List<(string, string)>();
        var flow = _h.Flow(channelId);
        foreach (var typed in HostileCommands())
            flow = flow.Send(OnCallHarness.Say(typed)).AssertReply(r => replies.Add((typed, ((IMessageActivity)r).Text)));
        await flow.StartTestAsync();
        Assert.Empty(_h.Sink.Changes);
        return replies;
    }

    [Fact]
    public async Task In_Teams_a_hostile_word_echoed_back_renders_as_text_without_links_or_formatting()
    {
        var replies = await RepliesAsync("msteams");

        var rendered = await MarkdownRenderer.RenderAsync(replies.Select(r => r.Reply).ToList());
        for (var i = 0; i < replies.Count; i++)
        {
            var (typed, reply) = replies[i];
            Assert.True(rendered[i].Links.Length == 0 && rendered[i].Tags.All(t => t is "p" or "br" or "strong"),
                $"\"{Clip(typed)}\" came back as markup {string.Join(",", rendered[i].Tags)} / links {string.Join(",", rendered[i].Links)}: {Clip(reply)}");
        }
        Assert.Contains(rendered, r => r.Visible.Contains("\"[phish](https://evil.example/p)\" isn't an incident number"));
        Assert.Contains(rendered, r => r.Visible.Contains("\"<!channel> [x](https://evil.example/s)\" isn't a severity"));
        Assert.Contains(rendered, r => r.Visible.Contains("\"*bold* _italic_ ~strike~ `code` **strong** __under__\" isn't a severity"));
        Assert.Contains(rendered, r => r.Visible.Contains("I don't know \"resolv\". Did you mean resolve 1 [note]?"));
        Assert.DoesNotContain(replies, r => r.Reply.Length > 400);   // a pasted page is not repeated back
    }

    [Fact]
    public async Task In_Slack_a_hostile_word_echoed_back_has_no_live_mention_or_link()
    {
        var replies = await RepliesAsync("slack");

        foreach (var (typed, reply) in replies)
            Assert.False(SlackMarkup().IsMatch(reply), $"\"{Clip(typed)}\" came back with live Slack markup: {Clip(reply)}");
        Assert.Contains(replies, r => r.Reply.Contains("\"&lt;!channel&gt; [x](https://evil.example/s)\" isn't a severity"));
        Assert.Contains(replies, r => r.Reply.Contains("\"Storm &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;"));
    }

    private static string Clip(string s) => s.Length > 120 ? s[..120] + "…" : s;

    // What Slack's mrkdwn turns into a mention, a channel link or a link: anything in angle brackets.
    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex SlackMarkup();
}
