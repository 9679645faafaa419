using SupportBot.Cards;

using SupportBot.Channels;

namespace SupportBot.Presentation;

/// <summary>
/// Text from outside (what someone typed, a service name from an alert) inside a plain chat message the bot writes:
/// literal in the channel's markup — Slack mrkdwn (&amp;, &lt;, &gt;) or the markdown of Teams and the Emulator.
/// </summary>
public static class LiteralText
{
    public static string For(string? channelId, string text) =>
        channelId == ChannelIds.Slack ? SlackBlocks.Escape(text) : TeamsMarkdown.Escape(text);
}
