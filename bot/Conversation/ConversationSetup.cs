using Microsoft.IdentityModel.Tokens;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

namespace SupportBot.Conversation;

public static class ConversationSetup
{
    /// <summary>
    /// The CloudAdapter and the bot, on the authentication AddChannels set up: with no MicrosoftAppId the adapter
    /// accepts unauthenticated local traffic, with one it validates every incoming token.
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CloudAdapter, SupportBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddSingleton<IChatSkill, BriefingChannelSkill>();
        services.AddSingleton<ICommandWords>(new CommandWords(["subscribe", "unsubscribe"]));   // … here
        services.AddSingleton<StatusAnswer>();
        services.AddSingleton<IChatSkill, StatusSkill>();
        services.AddSingleton<IChatSkill, WarningsSkill>();
        services.AddTransient<IBot, SupportBotHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", async (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
        {
            try
            {
                await adapter.ProcessAsync(request, response, bot, ct);
            }
            catch (Exception e) when (e is SecurityTokenException or SecurityTokenArgumentException && !response.HasStarted)
            {
                // The adapter answers a token that fails validation with 401 itself, but lets one that is not even a
                // JWT escape as an exception: that is the caller's fault too, not a server error.
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "The Authorization header does not carry a valid Bot Framework token.").ExecuteAsync(request.HttpContext);
            }
        });
        return app;
    }
}
