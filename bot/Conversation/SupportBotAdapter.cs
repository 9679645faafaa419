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
            var storeDown = IsStoreUnavailable(exception);
            if (storeDown) log.LogWarning(exception, "The store is unavailable in a turn of {Conversation}", turn.Activity.Conversation?.Id);
            else log.LogError(exception, "Unhandled error in a turn of {Conversation}", turn.Activity.Conversation?.Id);
            try
            {
                await turn.SendActivityAsync(MessageFactory.Text(storeDown ? StoreUnavailableReply : "Sorry, something went wrong on my side. Please try again."));
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not tell the user about the error");
            }
        };
    }

    /// <summary>What a rep is told while the incident store (Redis) is unreachable, e.g. failing over.</summary>
    public const string StoreUnavailableReply =
        "I can't reach my incident store right now (it may be failing over), so I can't answer or record that. Nothing was changed; please ask again in a minute.";

    private static bool IsStoreUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SupportBot.Storage.StoreUnavailableException) return true;
        return false;
    }
}
