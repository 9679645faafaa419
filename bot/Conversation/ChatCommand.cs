namespace SupportBot.Conversation;

/// <summary>What a chat message asks for.</summary>
public abstract record ChatCommand
{
    public sealed record Help : ChatCommand;
    public sealed record Status : ChatCommand;
    public sealed record ShowIncident(int Number) : ChatCommand;
    public sealed record SubscribeHere : ChatCommand;
    public sealed record UnsubscribeHere : ChatCommand;
    public sealed record Unknown(string Text) : ChatCommand;
}
