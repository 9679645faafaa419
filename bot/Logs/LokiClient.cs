using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SupportBot.Logs;

/// <summary>
/// Loki's HTTP API (<c>GET /loki/api/v1/query_range</c>, newest first), as a typed client: the HttpClient comes from
/// IHttpClientFactory with the resilience pipeline of <see cref="OutgoingCalls.OutgoingCallsSetup"/>.
/// </summary>
public sealed class LokiClient(HttpClient http, IOptions<LogsOptions> options)
{
    private LogsOptions Options => options.Value;

    /// <summary>The lines of <paramref name="logQl"/> in the range, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<LogLine>> QueryRangeAsync(string logQl, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        var url = $"{Options.LokiUrl.TrimEnd('/')}/loki/api/v1/query_range" +
                  $"?query={Uri.EscapeDataString(logQl)}&start={Nanos(from)}&end={Nanos(to)}" +
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
        return lines.OrderByDescending(l => l.At).Take(limit).ToList();
    }

    internal static string Nanos(DateTimeOffset at) =>
        ((at.ToUnixTimeMilliseconds() * 1_000_000L) + (at.Ticks % TimeSpan.TicksPerMillisecond) * 100).ToString(CultureInfo.InvariantCulture);

    internal static DateTimeOffset FromNanos(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).AddTicks(ns % 1_000_000 / 100);
}
