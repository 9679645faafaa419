namespace SupportBot.Conversation;

/// <summary>
/// The first words of the commands a skill owns ("ack", "subscribe", …), registered by that skill's setup. Skills that
/// read free text (reps' questions) leave a message starting with one of them alone.
/// </summary>
public interface ICommandWords
{
    IEnumerable<string> Words { get; }
}

public sealed record CommandWords(IEnumerable<string> Words) : ICommandWords;
