using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.EarlyWarning;

/// <summary>A query Prometheus could not answer, with the reason it gave (or the transport error).</summary>
public sealed class PrometheusQueryException(string message, bool unreachable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Prometheus did not answer at all (refused, timed out, 5xx), as opposed to rejecting the query.</summary>
    public bool Unreachable { get; } = unreachable;
}

/// <summary>
/// Prometheus's HTTP API: <c>GET /api/v1/query</c> (instant vector) and <c>GET /api/v1/query_range</c> (matrix). Both
/// answer <c>{"status":"success","data":{"resultType", "result"}}</c> or <c>{"status":"error","errorType","error"}</c>;
/// sample values are strings ("0.25", "NaN", "+Inf"). A signal's query must return one series.
/// </summary>
public sealed class PrometheusClient(HttpClient http, IOptions<EarlyWarningOptions> options)
{
    /// <summary>The query's value at <paramref name="at"/>, or null when it returns no series (no traffic yet).</summary>
    public async Task<double?> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var data = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}&time={Unix(at)}", cancellationToken);
        if (data.GetProperty("resultType").GetString() == "scalar") return Sample(data.GetProperty("result"));
        var result = OneSeries(data, query);
        if (result is not { } series) return null;
        return Sample(series.GetProperty("value"));
    }

    /// <summary>The query evaluated every <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>; empty when it returns no series.</summary>
    public async Task<Point[]> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var stepSeconds = Math.Max(0.001, step.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        var data = await GetAsync($"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Unix(start)}&end={Unix(end)}&step={stepSeconds}", cancellationToken);
        var result = OneSeries(data, query);
        if (result is not { } series) return [];
        var values = series.GetProperty("values");
        var points = new Point[values.GetArrayLength()];
        var i = 0;
        foreach (var value in values.EnumerateArray())
            points[i++] = new Point(value[0].GetDouble(), Sample(value));
        return points;
    }

    private async Task<JsonElement> GetAsync(string relative, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.PrometheusUrl.TrimEnd('/') + "/";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.QueryTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(new Uri(baseUrl), relative), timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusQueryException($"Prometheus at {baseUrl} is unreachable: {e.Message}", unreachable: true, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusQueryException($"Prometheus at {baseUrl} did not answer within {options.Value.QueryTimeout.TotalSeconds:0.#} s.", unreachable: true, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                var unreachable = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.NotFound;
                throw new PrometheusQueryException($"Prometheus at {baseUrl} answered {(int)response.StatusCode} without its JSON (is the URL right?).", unreachable);
            }
            using (document)
            {
                var root = document.RootElement.Clone();
                if (root.TryGetProperty("status", out var status) && status.GetString() == "success" && root.TryGetProperty("data", out var data))
                    return data;
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
                var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
                throw new PrometheusQueryException($"Prometheus rejected the query ({type ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}): {error ?? "no reason given"}",
                    unreachable: response.StatusCode == HttpStatusCode.ServiceUnavailable && type != "timeout");
            }
        }
    }

    private static JsonElement? OneSeries(JsonElement data, string query)
    {
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        if (type is not ("vector" or "matrix"))
            throw new PrometheusQueryException($"The query returns a {type}, not a number over time: {query}", unreachable: false);
        return result.GetArrayLength() switch
        {
            0 => null,
            1 => result[0],
            var n => throw new PrometheusQueryException($"The query returns {n} series; aggregate it to one (e.g. max(...) or sum(...)): {query}", unreachable: false),
        };
    }

    private static double Sample(JsonElement pair)
    {
        var text = pair[1].GetString();
        return text switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    private static string Unix(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
