using SupportBot.Caching;
using Microsoft.Extensions.Options;
using SupportBot.OutgoingCalls;

namespace SupportBot.Logs;

/// <summary>
/// Grafana Loki: a LogQL query built from the service's configured stream selector. The same question in the same
/// minute is answered from the cache (reps in a channel tend to ask together during an outage).
/// </summary>
public sealed class LokiLogSource(TypedClients<LokiClient> clients, AnswerCache cache, IOptions<LogsOptions> options) : ILogSource
{
    /// <summary>Case-insensitive RE2, as LogQL line filters take it.</summary>
    public const string ErrorFilter = "|~ \"(?i)(error|exception|fatal|panic|critical|fail)\"";

    private const string CacheName = "loki";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public string Name => "loki";

    private LogsOptions Options => options.Value;

    public string SelectorFor(string service) =>
        Options.Selectors.TryGetValue(service, out var selector) && !string.IsNullOrWhiteSpace(selector)
            ? selector.Trim()
            : $"{{service=\"{service.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"}}";

    public string LogQl(LogQuery query) => SelectorFor(query.Service) + (query.ErrorsOnly ? " " + ErrorFilter : "");

    public async Task<LogBatch> FetchAsync(LogQuery query, int limit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Options.LokiUrl)) return new LogBatch(Name, []);
        var logQl = LogQl(query);
        // The range to the minute: "logs checkout 15m" asked twice within a minute is one question.
        var key = AnswerCache.Hash(string.Join('\n', Options.LokiUrl, Options.LokiTenant, logQl, Minute(query.From), Minute(query.To), limit));
        var lines = await cache.GetAsync<List<LogLine>>(CacheName, key, ct);
        if (lines is null)
        {
            lines = [.. await clients.Create().QueryRangeAsync(logQl, query.From, query.To, limit, ct)];
            await cache.SetAsync(CacheName, key, lines, CacheFor, ct);
        }
        return new LogBatch(Name, lines, logQl, GrafanaExplore.Link(Options, logQl, query.From, query.To));
    }

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
