namespace SupportBot.Channels;

/// <summary>The bot's Microsoft App ID; empty means local, unauthenticated traffic (Bot Framework Emulator, tests).</summary>
public sealed record BotIdentity(string AppId)
{
    public bool IsAuthenticated => !string.IsNullOrEmpty(AppId);
}
