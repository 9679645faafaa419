using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SupportBot.Sources;

/// <summary>Tolerant readers for webhook JSON: a field of the wrong type reads as missing, never throws.</summary>
public static class Json
{
    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static JsonElement? Object(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static JsonElement? Array(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v : null;

    /// <summary>The string-valued properties of an object (labels, annotations); other values are skipped.</summary>
    public static Dictionary<string, string> StringMap(JsonElement? obj)
    {
        if (obj is not { ValueKind: JsonValueKind.Object } o) return new Dictionary<string, string>(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(o.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
        return map;
    }

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    /// <summary>
    /// Only absolute http(s) links reach a card (no javascript: or file: URLs from a payload), and only as the
    /// normalized, percent-encoded <see cref="Uri.AbsoluteUri"/>: the raw text may hold spaces, <c>|</c>, <c>&gt;</c> or
    /// <c>)</c> that would close the link markup it is put in. Null when the text is no such link.
    /// </summary>
    public static string? WebLink(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? uri.AbsoluteUri
            : null;

    /// <summary>A string, number or boolean as text (monitors are loose about "1" versus 1); objects, arrays and null read as missing.</summary>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static string? Scalar(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? Scalar(v) : null;

    /// <summary>The scalar properties of an object as text (Nagios macros, Zabbix parameters).</summary>
    public static Dictionary<string, string> ScalarMap(JsonElement obj)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.ValueKind != JsonValueKind.Object) return map;
        foreach (var p in obj.EnumerateObject())
            if (Scalar(p.Value) is { } text) map[p.Name] = text;
        return map;
    }

    /// <summary>Unix time in seconds (or milliseconds, told apart by size; Icinga 2 adds a fraction), as text or number.</summary>
    public static DateTimeOffset? UnixTime(string? text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d) || d <= 0 || d > 1e15) return null;
        var n = (long)d;
        try
        {
            return n > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// False when some string or property name is an escape that is not valid UTF-16 (a lone "\ud800"): valid JSON
    /// syntax that System.Text.Json refuses to read as a string. Checked once, so parsers never meet one.
    /// </summary>
    public static bool HasOnlyValidStrings(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    // Only an escape can be an invalid one: strings without a backslash are not decoded here.
                    if (HasEscape(JsonMarshal.GetRawUtf8Value(e))) _ = e.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        if (HasEscape(JsonMarshal.GetRawUtf8PropertyName(p))) _ = p.Name;
                        if (!Walk(p.Value)) return false;
                    }
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                        if (!Walk(item)) return false;
                    return true;
                default:
                    return true;
            }
        }

        static bool HasEscape(ReadOnlySpan<byte> raw) => raw.IndexOf((byte)'\\') >= 0;
    }
}
