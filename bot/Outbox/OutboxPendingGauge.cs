using SupportBot.Telemetry;

namespace SupportBot.Outbox;

/// <summary>Messages waiting in the outbox, read from the store at every scrape (all instances share one queue in Redis).</summary>
public sealed class OutboxPendingGauge(IOutboxStore store) : IScrapeGauge
{
    public async Task UpdateAsync(SupportBotMetrics metrics, CancellationToken ct) =>
        metrics.OutboxPending.Set(await store.CountPendingAsync(ct));
}
