using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace SupportBot.Conversation;

/// <summary>
/// One thing the bot understands in chat (status questions, on-call commands, subscriptions, …). The bot asks its
/// skills in <see cref="Order"/>; the first that recognises a message answers it. Add a skill by registering it:
/// <c>services.AddSingleton&lt;IChatSkill, MySkill&gt;()</c>.
/// </summary>
public interface IChatSkill
{
    /// <summary>Lower runs first: put specific commands before broad question matching.</summary>
    int Order { get; }

    /// <summary>Lines for "help", markdown, one command each.</summary>
    IEnumerable<string> HelpLines { get; }

    /// <summary>The reply, or null when the message is not for this skill.</summary>
    Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct);
}

/// <summary>A chat message with the bot's @mention removed, and the turn it arrived in.</summary>
public sealed record ChatMessage(string Text, string Normalized, ITurnContext<IMessageActivity> Turn)
{
    public IMessageActivity Activity => Turn.Activity;

    /// <summary>Typed, or a card button (see <see cref="CardActions"/>).</summary>
    public ChatOrigin Origin { get; init; } = ChatOrigin.Typed;
}

/// <summary>
/// Where a message came from. A Universal Action (Action.Execute) is answered with a card that replaces the pressed one
/// (a skill returns the updated card) or a short message shown to the presser (a skill returns text).
/// </summary>
public enum ChatOrigin { Typed, CardSubmit, CardExecute }
