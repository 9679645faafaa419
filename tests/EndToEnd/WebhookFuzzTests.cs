using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// Thousands of mangled versions of every real payload, posted to the running bot: truncated, retyped, bloated,
/// deeply nested, full of odd unicode and nulls. Deterministic (fixed seed), so a failure names a mutation that
/// reproduces.
/// </summary>
public sealed class WebhookFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261120;
    private const int MutationsPerFixture = 200;
    private const string Channel = "19:support-general@thread.tacv2";

    private static readonly (string Source, string File)[] Payloads =
    [
        ("alertmanager", "alertmanager-firing.json"), ("alertmanager", "alertmanager-firing-two.json"), ("alertmanager", "alertmanager-resolved.json"),
        ("grafana", "grafana-1-firing.json"), ("grafana", "grafana-2-resolved.json"),
        ("datadog", "datadog-1-triggered.json"), ("datadog", "datadog-2-recovered.json"),
        ("azure-monitor", "azure-monitor-1-fired.json"), ("azure-monitor", "azure-monitor-2-resolved.json"),
        ("zabbix", "zabbix-1-problem.json"), ("zabbix", "zabbix-2-recovery.json"),
        ("nagios", "nagios-1-problem.json"), ("nagios", "nagios-2-recovery.json"),
        ("uptime-kuma", "uptime-kuma-down.json"), ("uptime-kuma", "uptime-kuma-up.json"),
    ];

    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:uptime-kuma:Type"] = "generic",
            ["Webhooks:Sources:uptime-kuma:Mapping:Fingerprint"] = "monitor.id",
            ["Webhooks:Sources:uptime-kuma:Mapping:Status"] = "heartbeat.status",
            ["Webhooks:Sources:uptime-kuma:Mapping:FiringValues:0"] = "0",
            ["Webhooks:Sources:uptime-kuma:Mapping:ResolvedValues:0"] = "1",
            ["Webhooks:Sources:uptime-kuma:Mapping:Service"] = "monitor.name",
            ["Webhooks:Sources:uptime-kuma:Mapping:Summary"] = "msg",
            ["Webhooks:Sources:uptime-kuma:Mapping:Time"] = "heartbeat.time",
            ["Webhooks:Sources:uptime-kuma:Mapping:Link"] = "monitor.url",
        });
        _http = _bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Mangled_payloads_never_get_a_5xx_and_status_still_tells_the_truth()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(Seed);
        var cases = new List<FuzzCase>();
        foreach (var (source, file) in Payloads)
        {
            var original = ReadPayload(file);
            for (var i = 0; i < MutationsPerFixture; i++)
                cases.Add(Mutator.Mutate(source, file, i, original, random));
        }

        output.WriteLine($"generated in {clock.ElapsedMilliseconds} ms");
        var outcomes = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            var content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
            using var response = await _http.PostAsync($"/api/webhooks/{Uri.EscapeDataString(c.Source)}", content, ct);
            var status = (int)response.StatusCode;
            outcomes.AddOrUpdate(status, 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (status >= 500)
                failures.Add($"{c} → {status}: {text[..Math.Min(300, text.Length)]}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{c} → {status} without problem+json");
            else if (status == 202 && JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32() < 1)
                failures.Add($"{c} → 202 with nothing accepted");
        });

        output.WriteLine($"posted after {clock.ElapsedMilliseconds} ms");
        output.WriteLine($"{cases.Count} payloads: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}×{o.Value}")));
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.True(outcomes.GetValueOrDefault(202) > 100, "the mutations should leave many payloads usable");
        Assert.True(outcomes.Keys.Count(k => k is >= 400 and < 500) >= 3, "the mutations should provoke several kinds of 4xx");

        // The bot is still whole: it takes a real alert and answers 'status' with exactly the open incidents.
        var fresh = await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        var open = await _http.GetFromJsonAsync<JsonElement>("/api/incidents?open=true&limit=200");
        var openIds = open.GetProperty("incidents").EnumerateArray().Select(i => $"INC-{i.GetProperty("number").GetInt32()}").ToList();
        Assert.NotEmpty(openIds);
        var openCount = open.GetProperty("total").GetInt32();
        Assert.True(openCount <= 200, "every open incident fits on one page of the API");

        var chat = new BotClient(_http, _connector.Url);
        await chat.SayAsync(Channel, "status");
        var answer = await _connector.WaitForAsync(c => c.ReplyToId is not null && c.Card is not null, TimeSpan.FromSeconds(20), "the status answer");
        Assert.Contains($"{openCount} open incident{(openCount == 1 ? "" : "s")}", answer.Visible);
        // The card lists the most severe few; every one it lists is open, and it says how many it left out.
        var listed = System.Text.RegularExpressions.Regex.Matches(answer.Visible, @"INC-\d+").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(Math.Min(openCount, SupportBot.Cards.StatusCard.MaxListed), listed.Count);
        Assert.All(listed, id => Assert.Contains(id, openIds));
        if (openCount > SupportBot.Cards.StatusCard.MaxListed) Assert.Contains($"…and {openCount - SupportBot.Cards.StatusCard.MaxListed} more", answer.Visible);
    }

    private static string ReadPayload(string file)
    {
        var shared = Path.Combine(Fixtures.Directory, file);
        return File.ReadAllText(File.Exists(shared) ? shared : Path.Combine(Fixtures.RepoRoot, "samples", file));
    }

    private sealed record FuzzCase(string Source, string File, int Index, string Mutation, byte[] Body, string? ContentType)
    {
        public override string ToString() =>
            $"{File} #{Index} ({Mutation}, {Body.Length} bytes, {ContentType ?? "no content type"}): {Encoding.UTF8.GetString(Body[..Math.Min(160, Body.Length)])}";
    }

    /// <summary>The mutations. Structural ones work on the parsed tree; the rest on text or bytes.</summary>
    private static class Mutator
    {
        private static readonly string[] OddStrings =
        [
            "", " ", "\u0000", "null", "NaN", "-1", "0", "1e309", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "javascript:alert(1)",
            "\u202Eevil\u202C", "\u200B\u200D\uFEFF", "👩‍👩‍👧‍👦🔥💥", "Ω≈ç√∫˜µ≤≥÷", "\r\n\t", "<script>alert(1)</script>", "' OR 1=1 --",
            "{\"nested\":\"json\"}", "%%%", "$ALERT_ID", "{EVENT.VALUE}", "../../etc/passwd", "firing", "resolved", "Fired", "Resolved", "RECOVERY",
        ];

        public static FuzzCase Mutate(string source, string file, int index, string original, Random random)
        {
            var mutations = new List<string>();
            var text = original;
            var rounds = random.Next(1, 4);
            for (var r = 0; r < rounds; r++)
            {
                var kind = random.Next(12);
                var before = text;
                string name;
                try
                {
                    (text, name) = kind switch
                {
                    0 => Truncate(text, random),
                    1 => Structural(text, random, "type swap", (node, rnd) => RandomValue(rnd)),
                    2 => Structural(text, random, "null", (_, _) => null),
                    3 => Structural(text, random, "huge string", (_, rnd) => JsonValue.Create(new string((char)rnd.Next('a', 'z'), rnd.Next(5_000, 200_000)))),
                    4 => Structural(text, random, "deep nesting", (node, rnd) => Nest(node, rnd.Next(2) == 0 ? rnd.Next(2, 60) : rnd.Next(60, 400), rnd)),
                    5 => Structural(text, random, "odd string", (_, rnd) => JsonValue.Create(OddStrings[rnd.Next(OddStrings.Length)])),
                    6 => RemoveProperty(text, random),
                    7 => LoneSurrogate(text, random),
                    8 => FlipBytes(text, random),
                    9 => Structural(text, random, "odd number", (_, rnd) => JsonNode.Parse(new[] { "1e400", "-0", "99999999999999999999999999", "-9223372036854775809", "0.0000000001", "1E+2" }[rnd.Next(6)])),
                    10 => ManyCopies(text, random),
                    _ => Structural(text, random, "odd string", (_, rnd) => JsonValue.Create(OddStrings[rnd.Next(OddStrings.Length)])),
                    };
                }
                catch (InvalidOperationException)
                {
                    // A tree holding an earlier lone surrogate cannot be written back; keep the text as it was.
                    (text, name) = (before, "unchanged");
                }
                mutations.Add(name);
            }
            var contentType = random.Next(40) switch { 0 => null, 1 => "text/plain", 2 => "application/cloudevents+json; charset=utf-8", _ => "application/json" };
            var target = random.Next(200) == 0 ? source + "%00/../" + source : source;
            return new FuzzCase(target, file, index, string.Join(" + ", mutations), Encoding.UTF8.GetBytes(text), contentType);
        }

        private static (string, string) Truncate(string text, Random random) => (text[..random.Next(text.Length)], "truncate");

        private static (string, string) FlipBytes(string text, Random random)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < random.Next(1, 6) && chars.Length > 0; i++) chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            return (new string(chars), "flip characters");
        }

        /// <summary>A string value turned into an escaped lone surrogate, which is valid JSON but not valid UTF-16.</summary>
        private static (string, string) LoneSurrogate(string text, Random random)
        {
            var at = text.IndexOf(": \"", random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
            if (at < 0) at = text.IndexOf(": \"", StringComparison.Ordinal);
            return at < 0 ? (text, "lone surrogate (none)") : (text[..(at + 3)] + "\\ud800\\udfff\\ud83d" + text[(at + 3)..], "lone surrogate");
        }

        private static (string, string) Structural(string text, Random random, string name, Func<JsonNode?, Random, JsonNode?> replace)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 2048 }); }
            catch (JsonException) { return FlipBytes(text, random); }
            if (root is null) return (text, name);
            var slots = Slots(root);
            if (slots.Count == 0) return (replace(root, random)?.ToJsonString() ?? "null", name);
            var (parent, key, index) = slots[random.Next(slots.Count)];
            var current = parent is JsonObject o ? o[key!] : ((JsonArray)parent)[index];
            var replacement = replace(current?.DeepClone(), random);
            if (parent is JsonObject obj) obj[key!] = replacement;
            else ((JsonArray)parent)[index] = replacement;
            return (Serialize(root), name);
        }

        private static (string, string) RemoveProperty(string text, Random random)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 2048 }); }
            catch (JsonException) { return Truncate(text, random); }
            var properties = Slots(root!).Where(s => s.Parent is JsonObject).ToList();
            if (properties.Count == 0) return (text, "remove (none)");
            var (parent, key, _) = properties[random.Next(properties.Count)];
            ((JsonObject)parent).Remove(key!);
            return (Serialize(root!), $"remove {key}");
        }

        /// <summary>An array in the payload repeated many times: a batch of hundreds of alerts.</summary>
        private static (string, string) ManyCopies(string text, Random random)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 2048 }); }
            catch (JsonException) { return Truncate(text, random); }
            var arrays = Slots(root!).Select(s => s.Parent is JsonObject o ? o[s.Key!] : ((JsonArray)s.Parent)[s.Index]).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
            if (arrays.Count == 0) return (text, "copies (none)");
            var array = arrays[random.Next(arrays.Count)];
            var first = array[0];
            var copies = random.Next(20, 300);
            for (var i = 0; i < copies; i++)
            {
                var copy = first?.DeepClone();
                if (copy is JsonObject item && item["fingerprint"] is not null) item["fingerprint"] = $"fp-{random.Next(5)}-{i}";
                array.Add(copy);
            }
            return (Serialize(root!), $"{copies} copies");
        }

        private static JsonNode Nest(JsonNode? node, int depth, Random random)
        {
            var current = node ?? JsonValue.Create("x");
            for (var i = 0; i < depth; i++) current = random.Next(2) == 0 ? new JsonArray(current) : new JsonObject { ["n"] = current };
            return current;
        }

        private static JsonNode? RandomValue(Random random) => random.Next(7) switch
        {
            0 => JsonValue.Create(random.Next()),
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => null,
            3 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1)),
            4 => new JsonObject { ["unexpected"] = "object" },
            5 => JsonValue.Create(random.NextDouble() * 1e300),
            _ => JsonValue.Create(OddStrings[random.Next(OddStrings.Length)]),
        };

        /// <summary>Every place in the tree a value sits (object property or array position), without recursion.</summary>
        private static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
        {
            var slots = new List<(JsonNode, string?, int)>();
            var pending = new Stack<JsonNode>([node]);
            while (pending.TryPop(out var current))
            {
                if (current is JsonObject obj)
                    foreach (var (key, child) in obj)
                    {
                        slots.Add((obj, key, -1));
                        if (child is not null) pending.Push(child);
                    }
                else if (current is JsonArray array)
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add((array, null, i));
                        if (array[i] is { } child) pending.Push(child);
                    }
            }
            return slots;
        }

        private static string Serialize(JsonNode root) =>
            root.ToJsonString(new JsonSerializerOptions { MaxDepth = 4096, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
