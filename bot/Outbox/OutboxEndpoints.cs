namespace SupportBot.Outbox;

/// <summary>GET /api/admin/outbox (what is waiting) and GET /api/admin/outbox/dead-letters (what was given up on, and why).</summary>
public static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutboxAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/outbox");
        group.MapGet("/", async (IOutboxStore store, CancellationToken ct) => Results.Ok(new
        {
            pending = await store.CountPendingAsync(ct),
            deadLetters = (await store.ListDeadLettersAsync(ct)).Count,
        }));
        group.MapGet("/dead-letters", async (IOutboxStore store, CancellationToken ct) =>
            Results.Ok((await store.ListDeadLettersAsync(ct)).Select(d => new
            {
                id = d.Message.Id,
                kind = d.Message.Kind.ToString(),
                conversationId = d.Message.ConversationId,
                mergeKey = d.Message.MergeKey,
                version = d.Message.MergeKey is null ? (int?)null : d.Message.Version,
                attempts = d.Message.Attempts,
                lastError = d.Message.LastError,
                reason = d.Reason,
                enqueuedAt = d.Message.EnqueuedAt,
                deadAt = d.At,
            })));
        return app;
    }
}
