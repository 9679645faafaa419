namespace SupportBot.Sources;

/// <summary>
/// Webhooks take a short way through the request pipeline. Each one checks its own source's credential (see
/// <see cref="WebhookEndpoints"/>), so the middlewares that serve the other doors (authentication and authorization for
/// the internal API, rate limiting and output caching for the public pages, the chat door's gate) have nothing to do
/// for them but cost every webhook of a storm their turn. What does concern webhooks runs before this: the client's
/// address from a known proxy, the request log line, the exception handler (a store outage is a 503) and status pages.
/// </summary>
public static class WebhookPipeline
{
    /// <summary>Marks the webhook endpoint, which this pipeline runs straight away once routing has picked it.</summary>
    public sealed class ShortPipeline
    {
        public static readonly ShortPipeline Instance = new();
        private ShortPipeline() { }
    }

    public static IApplicationBuilder UseWebhookShortPipeline(this IApplicationBuilder app) =>
        app.Use(next => context =>
            context.GetEndpoint() is { RequestDelegate: { } run } endpoint && endpoint.Metadata.GetMetadata<ShortPipeline>() is not null
                ? run(context)
                : next(context));
}
