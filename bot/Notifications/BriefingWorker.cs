namespace SupportBot.Notifications;

/// <summary>Drains the briefing queue in order, as soon as the engine stores a change.</summary>
public sealed class BriefingWorker(BriefingQueue queue, BriefingPublisher publisher, ILogger<BriefingWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await publisher.PublishAsync(change, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Briefing for {Incident} failed", change.Current.Id);
            }
        }
    }
}
