using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace SupportBot.Conversation;

/// <summary>
/// The CloudAdapter with an error handler (a failed turn is logged and the user gets an apology, not silence) and
/// every Bot Framework middleware other features registered (e.g. the outbox counting turn replies for pacing).
/// </summary>
public sealed class SupportBotAdapter : CloudAdapter
{
    public SupportBotAdapter(BotFrameworkAuthentication auth, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware, ILogger<SupportBotAdapter> log) : base(auth, new QuietRefusals(log))
    {
        foreach (var m in middleware) Use(m);
        OnTurnError = async (turn, exception) =>
        {
            log.LogError(exception, "Unhandled error in a turn of {Conversation}", turn.Activity.Conversation?.Id);
            try
            {
                await turn.SendActivityAsync(MessageFactory.Text("Sorry, something went wrong on my side. Please try again."));
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not tell the user about the error");
            }
        };
    }
}
