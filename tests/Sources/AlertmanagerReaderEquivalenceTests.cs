using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SupportBot.Sources;
using SupportBot.Sources.Alertmanager;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Sources;

/// <summary>
/// The Alertmanager body read straight from its bytes (<see cref="AlertmanagerReader"/>) gives what the document
/// reading gives: for every fixture (whatever sent it), every truncation of them and hostile bodies, the same alerts
/// field by field and the same rejected alerts with the same reasons; where the document reading refuses the body
/// (bad JSON, an unpaired surrogate, no alerts) the reader steps aside, so the webhook's 400 says the same as before.
/// </summary>
public sealed class AlertmanagerReaderEquivalenceTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    private static readonly SourceOptions Configured = new()
    {
        ServiceFields = ["team", "job"],
        Severities = new(StringComparer.OrdinalIgnoreCase) { ["page"] = "critical", ["warning"] = "minor" },
    };

    public static IEnumerable<object[]> FixtureNames() =>
        Directory.GetFiles(Fixtures.Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Every_fixture_reads_the_same_and_so_does_every_truncation_of_it(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures.Directory, name));
        AssertSame(bytes, SourceOptions.Default);
        AssertSame(bytes, Configured);
        for (var length = 1; length < bytes.Length; length += 7) AssertSameIfUtf8(bytes[..length]);
    }

    [Fact]
    public void Well_formed_alertmanager_bodies_are_read_from_the_bytes()
    {
        foreach (var name in new[] { "alertmanager-firing.json", "alertmanager-resolved.json", "alertmanager-firing-two.json" })
            Assert.NotNull(AlertmanagerReader.TryRead(File.ReadAllBytes(Path.Combine(Fixtures.Directory, name)), SourceOptions.Default, ReceivedAt, "alertmanager"));
    }

    public static IEnumerable<object[]> HostileBodies() => new[]
    {
        // Duplicates: the last occurrence counts, a wrong type reads as missing.
        """{"alerts":[{"status":"firing","status":1,"labels":{"a":"b"}}]}""",
        """{"alerts":[{"status":1,"status":"resolved","labels":{"a":"b"},"labels":{"alertname":"x","a":2,"a":"c"}}]}""",
        """{"alerts":[{"status":"firing","labels":{"alertname":"x"},"labels":"none"}]}""",
        """{"alerts":[{"status":"firing","labels":{"alertname":"x"}}],"alerts":"gone"}""",
        """{"alerts":"gone","alerts":[{"status":"firing","labels":{"alertname":"late"}}]}""",
        """{"alerts":[{"status":"firing","labels":{"service":"api"}}],"groupKey":"{}:{a=\"b\"}"}""",
        """{"groupKey":7,"alerts":[{"status":"firing","labels":{"service":"api"}}]}""",
        """{"groupKey":"g","groupKey":null,"alerts":[{"status":"firing","labels":{"service":"api"}}]}""",
        // Escaped names and values, non-ASCII text.
        """{"\u0061lerts":[{"st\u0061tus":"fir\u0069ng","labels":{"service":"caf\u00e9 \ud83d\ude00","al\u0065rtname":"\"q\"\\"},"annotations":{"summary":"<b>x</b> \u2028"}}]}""",
        """{"alerts":[{"status":"firing","labels":{"team":"payments","job":"j","severity":"page"},"annotations":{"runbook_url":"https://r.example/a b","dashboard":"javascript:alert(1)","panel_url":" http://p.example/x?y=1#z "},"generatorURL":"file:///etc/passwd","fingerprint":"  "}]}""",
        // Items that are no usable alert, next to good ones.
        """{"alerts":[1,"x",null,[],{},{"status":"FIRING","labels":{"a":"b"}},{"status":"firing"},{"status":"firing","labels":{}},{"status":"firing","labels":{"n":1,"o":{"p":"q"}}},{"status":"firing","labels":{"a":"b"},"startsAt":"not a time","endsAt":"0001-01-01T00:00:00Z"}]}""",
        """{"alerts":[{"status":"resolved","labels":{"a":"b"},"startsAt":"2024-01-01T10:00:00.123456789+02:00","endsAt":"2024-01-01T11:00:00Z","extra":{"deep":[{"x":[1,2,{"y":"\u00e9"}]}]}}]}""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":1700000000,"endsAt":true,"generatorURL":{"u":"http://x"},"fingerprint":42}]}""",
        // Refused by the document reading: the reader must step aside for each.
        """{"alerts":[]}""",
        """{"alerts":{}}""",
        """{"alert":[{"status":"firing","labels":{"a":"b"}}]}""",
        """[{"status":"firing","labels":{"a":"b"}}]""",
        "\"alerts\"",
        "42",
        "   ",
        """{"alerts":[{"status":"firing","labels":{"a":"b"}}]} x""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"}}]}{}""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"}},]}""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"}}] /* comment */}""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"},"note":"\ud800"}]}""",
        """{"alerts":[{"status":"firing","labels":{"\udc00":"b"}}]}""",
        """{"x":{"\ud83d":1},"alerts":[{"status":"firing","labels":{"a":"b"}}]}""",
        """{"alerts":[{"status":"firing","labels":{"a":"\ud800"}}],"then":bad}""",
        """{"alerts":[{"status":"firing","labels":{"a":"b"}}],"bad":"\x"}""",
        "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"}}],\"deep\":" + new string('[', 70) + new string(']', 70) + "}",
        "\uFEFF{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"}}]}",
    }.Select(body => new object[] { body });

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public void Hostile_bodies_read_the_same_or_go_to_the_document_reading_for_its_400(string body)
    {
        AssertSame(Encoding.UTF8.GetBytes(body), SourceOptions.Default);
        AssertSame(Encoding.UTF8.GetBytes(body), Configured);
    }

    private static void AssertSameIfUtf8(byte[] body)
    {
        // Both readings come after the same UTF-8 check (invalid UTF-8 is refused before either).
        if (Utf8.IsValid(body)) AssertSame(body, SourceOptions.Default);
    }

    private static void AssertSame(byte[] body, SourceOptions settings)
    {
        var expected = ByDocument(body, settings);
        var read = AlertmanagerReader.TryRead(body, settings, ReceivedAt, "alertmanager");
        if (read is null)
        {
            Assert.True(expected.Refusal is not null, $"the reader stepped aside for a body the document reading takes: {Show(body)}");
            return;
        }
        Assert.True(expected.Refusal is null, $"the reader took a body the document reading refuses ({expected.Refusal}): {Show(body)}");
        Assert.Equal(Describe(expected.Result!), Describe(read));
    }

    /// <summary>What the webhook did with every body before the reader: a document, checked for invalid escapes, then parsed.</summary>
    private static (SourceParseResult? Result, string? Refusal) ByDocument(byte[] body, SourceOptions settings)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!Json.HasOnlyValidStrings(document.RootElement)) return (null, "invalid escape");
            return (new AlertmanagerSource().Parse(document.RootElement, settings, ReceivedAt), null);
        }
        catch (JsonException e) { return (null, "bad JSON: " + e.Message); }
        catch (InvalidPayloadException e) { return (null, "invalid payload: " + e.Message); }
    }

    /// <summary>Every field of every alert (labels in order), and every rejection with its index and reason.</summary>
    private static string Describe(SourceParseResult result) =>
        JsonSerializer.Serialize(new { result.Alerts, result.Rejected }, new JsonSerializerOptions { WriteIndented = true });

    private static string Show(byte[] body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
}
