using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SupportBot.Logs;

/// <summary>
/// Grafana Loki over its HTTP API: <c>GET /loki/api/v1/query_range</c> with a LogQL query built from the service's
/// configured stream selector, newest lines first (<c>direction=backward</c>).
/// </summary>
public sealed class LokiLogSource(HttpClient http, IOptions<LogsOptions> options) : ILogSource
{
    /// <summary>Case-insensitive RE2, as LogQL line filters take it.</summary>
    public const string ErrorFilter = "|~ \"(?i)(error|exception|fatal|panic|critical|fail)\"";

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
        var url = $"{Options.LokiUrl.TrimEnd('/')}/loki/api/v1/query_range" +
                  $"?query={Uri.EscapeDataString(logQl)}&start={Nanos(query.From)}&end={Nanos(query.To)}" +
                  $"&limit={limit}&direction=backward";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrWhiteSpace(Options.LokiTenant)) request.Headers.Add("X-Scope-OrgID", Options.LokiTenant);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = (await response.Content.ReadAsStringAsync(ct)).Trim();
            throw new HttpRequestException($"Loki answered {(int)response.StatusCode}: {(detail.Length > 200 ? detail[..200] : detail)}");
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var lines = new List<LogLine>();
        if (json.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in result.EnumerateArray())
            {
                if (!stream.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array) continue;
                foreach (var pair in values.EnumerateArray())
                {
                    if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() < 2) continue;
                    if (long.TryParse(pair[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
                        lines.Add(new LogLine(FromNanos(ns), pair[1].GetString() ?? ""));
                }
            }
        }
        // Each stream is sorted on its own; the snippet wants all of them newest first.
        var newest = lines.OrderByDescending(l => l.At).Take(limit).ToList();
        return new LogBatch(Name, newest, logQl, GrafanaExplore.Link(Options, logQl, query.From, query.To));
    }

    internal static string Nanos(DateTimeOffset at) =>
        ((at.ToUnixTimeMilliseconds() * 1_000_000L) + (at.Ticks % TimeSpan.TicksPerMillisecond) * 100).ToString(CultureInfo.InvariantCulture);

    internal static DateTimeOffset FromNanos(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).AddTicks(ns % 1_000_000 / 100);
}
