using Microsoft.Extensions.Http.Resilience;
using Polly;
using SupportBot.Telemetry;

namespace SupportBot.OutgoingCalls;

public static class OutgoingCallsSetup
{
    /// <summary>
    /// A typed client for a dependency (Loki, Azure AI Language) behind the same resilience pipeline: an overall
    /// timeout (what a rep waits at most), retries with exponential backoff and jitter on transient failures, a circuit
    /// breaker that stops calling a dependency that keeps failing (then the answer says so at once), and a timeout per
    /// attempt. Only for calls that are safe to repeat (reads, and analysis without side effects).
    /// </summary>
    public static IServiceCollection AddResilientClient<T>(this IServiceCollection services, string dependency, Func<IServiceProvider, TimeSpan> timeout)
        where T : class
    {
        services.AddSingleton<TypedClients<T>>();
        services.AddHttpClient<T>()
            .AddHttpMessageHandler(sp => new DependencyCallMetrics(sp.GetRequiredService<SupportBotMetrics>(), dependency))
            .AddResilienceHandler(dependency, (pipeline, context) =>
            {
                var total = timeout(context.ServiceProvider);
                pipeline
                    .AddTimeout(total)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 2,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(100),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        // A chat bot calls rarely: a handful of failed attempts in a minute is enough to stop asking.
                        FailureRatio = 0.5,
                        MinimumThroughput = 4,
                        SamplingDuration = TimeSpan.FromSeconds(60),
                        BreakDuration = TimeSpan.FromSeconds(30),
                    })
                    // Each attempt gets a share of the total, so that a hanging dependency also counts as failing.
                    .AddTimeout(total / 3);
            });
        return services;
    }
}
