namespace SupportBot.Channels;

/// <summary>
/// The Bot Framework channel ids the bot formats for. Inside SupportBot, "Channels" names this folder, so the SDK's
/// Microsoft.Bot.Connector.Channels is reached through these.
/// </summary>
public static class ChannelIds
{
    public const string Msteams = Microsoft.Bot.Connector.Channels.Msteams;
    public const string Slack = Microsoft.Bot.Connector.Channels.Slack;
}
