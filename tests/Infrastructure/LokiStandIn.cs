using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A local stand-in for Grafana Loki's HTTP API on real Kestrel (Grafana Loki itself cannot be installed here: Debian's
/// "loki" package is an unrelated genetics program). It speaks the documented wire format: <c>POST /loki/api/v1/push</c>
/// with JSON streams of [nanosecond-string, line] values, <c>GET /loki/api/v1/query_range</c> with query, start, end
/// (nanoseconds), limit and direction, answering <c>{"status":"success","data":{"resultType":"streams","result":[…]}}</c>,
/// and <c>GET /ready</c>. Its LogQL covers stream selectors with = != =~ !~ and the line filters |= != |~ !~; anything
/// else is a 400 "parse error", as Loki answers.
/// </summary>
public sealed partial class LokiStandIn : IAsyncDisposable
{
    private sealed record Entry(IReadOnlyDictionary<string, string> Labels, long Nanos, string Line);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _queries = new();

    public string Url { get; }

    /// <summary>While set, every query_range is answered with this status (Loki overloaded or down behind its gateway).</summary>
    public int? FailWith { get; set; }

    /// <summary>The query-string parameters of every query_range request, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Queries => _queries.ToList();

    private LokiStandIn(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Pushes one line of stream {app="<paramref name="app"/>"} through the push API, as an agent would.</summary>
    public async Task PushLineAsync(string app, string line, DateTimeOffset at)
    {
        using var http = new HttpClient();
        var ns = (at.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var push = new JsonObject
        {
            ["streams"] = new JsonArray(new JsonObject { ["stream"] = new JsonObject { ["app"] = app }, ["values"] = new JsonArray(new JsonArray(ns, line)) }),
        };
        var pushed = await http.PostAsync(Url + "/loki/api/v1/push", new StringContent(push.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, pushed.StatusCode);
    }

    public static async Task<LokiStandIn> StartAsync()
    {
        var app = Loopback.StandInApp();
        LokiStandIn? self = null;
        app.MapGet("/ready", () => Results.Text("ready\n"));
        app.MapPost("/loki/api/v1/push", (HttpRequest request) => self!.PushAsync(request.HttpContext));
        app.MapGet("/loki/api/v1/query_range", (HttpRequest request) => self!.QueryRange(request.HttpContext));
        await app.StartAsync();
        self = new LokiStandIn(app, app.Urls.First().TrimEnd('/'));
        return self;
    }

    private async Task<IResult> PushAsync(HttpContext http)
    {
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return Results.Text("unsupported content type", statusCode: 415);
        var body = await JsonNode.ParseAsync(http.Request.Body);
        foreach (var stream in body?["streams"]?.AsArray() ?? [])
        {
            var labels = stream!["stream"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            foreach (var value in stream["values"]!.AsArray())
                _entries.Enqueue(new Entry(labels, long.Parse(value![0]!.GetValue<string>(), CultureInfo.InvariantCulture), value[1]!.GetValue<string>()));
        }
        return Results.NoContent();
    }

    private IResult QueryRange(HttpContext http)
    {
        var q = http.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        _queries.Enqueue(q);
        if (FailWith is { } status) return Results.Text("upstream connect error", statusCode: status);
        if (!q.TryGetValue("query", out var logQl) || !TryParse(logQl, out var matches))
            return Results.Text("parse error : syntax error", statusCode: 400);
        var start = long.Parse(q.GetValueOrDefault("start", "0"), CultureInfo.InvariantCulture);
        var end = long.Parse(q.GetValueOrDefault("end", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var limit = int.Parse(q.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var forward = q.GetValueOrDefault("direction", "backward") == "forward";

        var hits = _entries.Where(e => e.Nanos >= start && e.Nanos < end && matches(e)).ToList();
        hits = (forward ? hits.OrderBy(e => e.Nanos) : hits.OrderByDescending(e => e.Nanos)).Take(limit).ToList();
        var result = new JsonArray(hits.GroupBy(e => string.Join(",", e.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")))
            .Select(g => (JsonNode)new JsonObject
            {
                ["stream"] = new JsonObject(g.First().Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
                ["values"] = new JsonArray(g.Select(e => (JsonNode)new JsonArray(e.Nanos.ToString(CultureInfo.InvariantCulture), e.Line)).ToArray()),
            }).ToArray());
        return Results.Json(new JsonObject
        {
            ["status"] = "success",
            ["data"] = new JsonObject { ["resultType"] = "streams", ["result"] = result, ["stats"] = new JsonObject() },
        });
    }

    private static bool TryParse(string logQl, out Func<Entry, bool> matches)
    {
        matches = _ => false;
        var m = Query().Match(logQl.Trim());
        if (!m.Success) return false;
        var tests = new List<Func<Entry, bool>>();
        foreach (Match label in Matcher().Matches(m.Groups["selector"].Value))
        {
            var (name, op, value) = (label.Groups["name"].Value, label.Groups["op"].Value, Regex.Unescape(label.Groups["value"].Value));
            tests.Add(op switch
            {
                "=" => e => e.Labels.GetValueOrDefault(name) == value,
                "!=" => e => e.Labels.GetValueOrDefault(name) != value,
                "=~" => e => Regex.IsMatch(e.Labels.GetValueOrDefault(name) ?? "", $"^(?:{value})$"),
                _ => e => !Regex.IsMatch(e.Labels.GetValueOrDefault(name) ?? "", $"^(?:{value})$"),
            });
        }
        if (tests.Count == 0) return false;
        foreach (Match filter in Filter().Matches(m.Groups["filters"].Value))
        {
            var (op, value) = (filter.Groups["op"].Value, JsonSerializer.Deserialize<string>(filter.Groups["value"].Value)!);
            tests.Add(op switch
            {
                "|=" => e => e.Line.Contains(value, StringComparison.Ordinal),
                "!=" => e => !e.Line.Contains(value, StringComparison.Ordinal),
                "|~" => e => Regex.IsMatch(e.Line, value),
                _ => e => !Regex.IsMatch(e.Line, value),
            });
        }
        if (Filter().Replace(m.Groups["filters"].Value, "").Trim().Length > 0) return false;
        matches = e => tests.All(t => t(e));
        return true;
    }

    [GeneratedRegex(@"^\{(?<selector>[^}]*)\}(?<filters>.*)$")]
    private static partial Regex Query();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\s*(?<op>\|=|!=|\|~|!~)\s*(?<value>""(?:[^""\\]|\\.)*"")")]
    private static partial Regex Filter();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
