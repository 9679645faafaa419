using Prometheus;

namespace SupportBot.Telemetry;

/// <summary>
/// Every metric the bot exposes on /metrics, in one place so the dashboard and the alert rules have one list to
/// match. Names follow Prometheus conventions: <c>supportbot_</c> prefix, <c>_total</c> on counters, seconds.
/// Each host has its own registry (tests run several bots in one process); label values are small fixed sets.
/// </summary>
public sealed class SupportBotMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DeliveryBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public SupportBotMetrics(IEnumerable<IScrapeGauge>? gauges = null, ILogger<SupportBotMetrics>? log = null)
    {
        DotNetStats.Register(Registry);
        foreach (var gauge in gauges ?? [])
            Registry.AddBeforeCollectCallback(async ct =>
            {
                // A store that cannot answer must not fail the whole scrape: the gauge keeps its last value.
                try { await gauge.UpdateAsync(this, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { log?.LogWarning(e, "Could not update {Gauge} for /metrics", gauge.GetType().Name); }
            });
        var f = Metrics.WithCustomRegistry(Registry);

        WebhooksReceived = f.CreateCounter("supportbot_webhooks_received_total",
            "Monitoring webhooks received, by source and outcome (accepted, rejected with a reason, unauthorized, failed).",
            "source", "outcome", "reason");
        AlertsReceived = f.CreateCounter("supportbot_alerts_received_total",
            "Alert state changes folded into incidents, by status (firing, resolved); resends of the same state are not counted.", "status");
        IncidentEvents = f.CreateCounter("supportbot_incidents_total",
            "Incident lifecycle changes: opened, resolved, reopened.", "event");
        OpenIncidents = f.CreateGauge("supportbot_open_incidents", "Incidents open now, by severity.", "severity");

        OutboxMessages = f.CreateCounter("supportbot_outbox_messages_total",
            "Channel messages through the outbox: queued, sent, retried, dead_lettered.", "event");
        OutboxPending = f.CreateGauge("supportbot_outbox_pending_messages", "Messages waiting in the outbox to be sent.");
        OutboxThrottled = f.CreateCounter("supportbot_outbox_throttled_total", "429 Too Many Requests answers from the channel.");
        ChannelsUnsubscribed = f.CreateCounter("supportbot_briefing_channels_unsubscribed_total",
            "Briefing channels dropped because the channel answered that the bot is gone (403 forbidden, 404 not_found).", "reason");
        OutboxQueueToSent = f.CreateHistogram("supportbot_outbox_queue_to_sent_seconds",
            "Time from queueing a channel message to the channel accepting it.", new HistogramConfiguration { Buckets = DeliveryBuckets });

        ChatTurns = f.CreateCounter("supportbot_chat_turns_total", "Chat turns handled, by the skill that answered.", "skill");
        ChatTurnDuration = f.CreateHistogram("supportbot_chat_turn_duration_seconds", "Time to handle one chat turn, by skill.",
            new HistogramConfiguration { LabelNames = ["skill"], Buckets = LatencyBuckets });
        ChatTurnPhase = f.CreateHistogram("supportbot_chat_turn_phase_seconds",
            "Where a chat turn's time goes: answer (the skills: store reads, redaction, the card) and reply (sending it to the channel).",
            new HistogramConfiguration { LabelNames = ["phase"], Buckets = LatencyBuckets });
        DigestsSent = f.CreateCounter("supportbot_digests_sent_total", "Personal digests sent to managers.");

        DependencyCalls = f.CreateCounter("supportbot_dependency_calls_total",
            "Calls to Loki and Azure AI Language, by outcome (success, error, timeout, circuit_open).", "dependency", "outcome");
        DependencyDuration = f.CreateHistogram("supportbot_dependency_call_duration_seconds",
            "Duration of calls to Loki and Azure AI Language, retries included.",
            new HistogramConfiguration { LabelNames = ["dependency"], Buckets = LatencyBuckets });
        CacheRequests = f.CreateCounter("supportbot_cache_requests_total",
            "Look-ups in the answer cache (Azure PII results, Loki answers), by result (hit, miss).", "cache", "result");
        RedisFailures = f.CreateCounter("supportbot_redis_command_failures_total", "Redis commands that failed (connection lost, timeout).");

        EarlyWarningQueryErrors = f.CreateCounter("supportbot_early_warning_query_errors_total",
            "Early-warning signal evaluations that failed, by signal and reason (unreachable, query).", "signal", "reason");
        EarlyWarningSignalsFailing = f.CreateGauge("supportbot_early_warning_signals_failing", "Early-warning signals whose last evaluation failed.");

        Publish();
    }

    public Counter WebhooksReceived { get; }
    public Counter AlertsReceived { get; }
    public Counter IncidentEvents { get; }
    public Gauge OpenIncidents { get; }
    public Counter OutboxMessages { get; }
    public Gauge OutboxPending { get; }
    public Counter ChannelsUnsubscribed { get; }
    public Counter OutboxThrottled { get; }
    public Histogram OutboxQueueToSent { get; }
    public Counter ChatTurns { get; }
    public Histogram ChatTurnDuration { get; }
    public Histogram ChatTurnPhase { get; }
    public Counter DigestsSent { get; }
    public Counter DependencyCalls { get; }
    public Histogram DependencyDuration { get; }
    public Counter CacheRequests { get; }
    public Counter RedisFailures { get; }
    public Counter EarlyWarningQueryErrors { get; }
    public Gauge EarlyWarningSignalsFailing { get; }

    /// <summary>Series that exist from the start at zero, so that rate() and the dashboard see them before the first event.</summary>
    private void Publish()
    {
        foreach (var status in new[] { "firing", "resolved" }) AlertsReceived.WithLabels(status).Publish();
        foreach (var e in new[] { "opened", "resolved", "reopened" }) IncidentEvents.WithLabels(e).Publish();
        foreach (var severity in Enum.GetNames<Alerts.Severity>()) OpenIncidents.WithLabels(severity.ToLowerInvariant()).Publish();
        foreach (var e in new[] { "queued", "sent", "retried", "dead_lettered" }) OutboxMessages.WithLabels(e).Publish();
        foreach (var reason in new[] { "forbidden", "not_found" }) ChannelsUnsubscribed.WithLabels(reason).Publish();
        foreach (var dependency in new[] { Dependencies.Loki, Dependencies.AzureLanguage })
        {
            foreach (var outcome in new[] { "success", "error", "timeout", "circuit_open" }) DependencyCalls.WithLabels(dependency, outcome).Publish();
            DependencyDuration.WithLabels(dependency).Publish();
        }
        foreach (var phase in new[] { ChatPhases.Answer, ChatPhases.Reply }) ChatTurnPhase.WithLabels(phase).Publish();
        foreach (var cache in new[] { "pii", "loki" })
            foreach (var result in new[] { "hit", "miss" }) CacheRequests.WithLabels(cache, result).Publish();
    }
}

/// <summary>The outgoing dependencies measured, as they appear in the <c>dependency</c> label.</summary>
public static class Dependencies
{
    public const string Loki = "loki";
    public const string AzureLanguage = "azure_language";
}

/// <summary>The parts of a chat turn, as they appear in the <c>phase</c> label.</summary>
public static class ChatPhases
{
    public const string Answer = "answer";
    public const string Reply = "reply";
}

/// <summary>A gauge read from the stores when Prometheus scrapes (correct across instances, unlike counting in one process).</summary>
public interface IScrapeGauge
{
    Task UpdateAsync(SupportBotMetrics metrics, CancellationToken ct);
}
