namespace SupportBot.Conversation;

/// <summary>The chat door: every POST to /api/messages passes the <see cref="ActivityGate"/> before the adapter.</summary>
public static class ChatAccess
{
    public static IApplicationBuilder UseChatAccess(this IApplicationBuilder app) =>
        app.UseWhen(http => HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ActivityGate>());
}
