using SupportBot.Channels;

namespace SupportBot.Digests;

/// <summary>Sends each watcher of a service a personal message when its incident opens and when it resolves.</summary>
public sealed class ServiceAlertWorker(
    ServiceAlertQueue queue,
    ISubscriptionStore subscriptions,
    IChannelMessenger messenger,
    ILogger<ServiceAlertWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in queue.ReadAllAsync(stoppingToken))
        {
            IReadOnlyList<PersonalSubscription> recipients;
            try
            {
                recipients = ServiceAlerts.Recipients(change, await subscriptions.ListAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not read service watches for {Incident}", change.Current.Id);
                continue;
            }

            foreach (var recipient in recipients)
            {
                try
                {
                    await messenger.PostAsync(recipient.Conversation, ServiceAlerts.Ping(change), stoppingToken);
                    log.LogInformation("Pinged {User} about {Incident}", recipient.UserId, change.Current.Id);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One unreachable person must not keep the ping from the others.
                    log.LogWarning(e, "Could not ping {User} about {Incident}", recipient.UserId, change.Current.Id);
                }
            }
        }
    }
}
