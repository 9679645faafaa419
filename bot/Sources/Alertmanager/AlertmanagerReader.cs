using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.Alertmanager;

/// <summary>
/// Reads an Alertmanager body straight from its bytes in one pass (no <see cref="JsonDocument"/>, no second walk for
/// invalid escapes, no property lookups): what <see cref="AlertmanagerFormat.Parse"/> reads from the document, field
/// for field (the last occurrence of a field counts, a value of the wrong type reads as missing). Only a well-formed
/// body is read here: anything else (bad JSON anywhere, an invalid \u escape anywhere, no object, no or an empty
/// 'alerts' array) gives null, and the caller reads the body the usual way, which says exactly what is wrong.
/// </summary>
public static class AlertmanagerReader
{
    public static SourceParseResult? TryRead(ReadOnlySpan<byte> body, SourceOptions settings, DateTimeOffset receivedAt, string source)
    {
        string? groupKey = null;
        List<AlertmanagerFormat.AlertFields?>? items = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions());
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) _ = reader.GetString();   // throws for an unpaired surrogate
                if (reader.ValueTextEquals("alerts"u8))
                {
                    reader.Read();
                    items = reader.TokenType == JsonTokenType.StartArray ? ReadItems(ref reader) : null;
                    if (items is null) SkipValue(ref reader);
                }
                else if (reader.ValueTextEquals("groupKey"u8))
                {
                    reader.Read();
                    groupKey = StringOrSkip(ref reader);
                }
                else
                {
                    reader.Read();
                    SkipValue(ref reader);
                }
            }
            if (reader.Read()) return null;   // more after the object (the reader throws for that; never reached)
        }
        catch (JsonException) { return null; }
        catch (InvalidOperationException) { return null; }

        if (items is not { Count: > 0 }) return null;
        var accepted = new List<Alert>(items.Count);
        var rejected = new List<RejectedAlert>();
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is not { } fields) rejected.Add(new RejectedAlert(index, AlertmanagerFormat.NotAnObject));
            else if (AlertmanagerFormat.TryBuild(fields, settings, source, groupKey, receivedAt, out var alert, out var reason)) accepted.Add(alert);
            else rejected.Add(new RejectedAlert(index, reason));
        }
        return new SourceParseResult(accepted, rejected);
    }

    /// <summary>The elements of the 'alerts' array: an object's fields, or null for anything else.</summary>
    private static List<AlertmanagerFormat.AlertFields?> ReadItems(ref Utf8JsonReader reader)
    {
        var items = new List<AlertmanagerFormat.AlertFields?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) items.Add(ReadAlert(ref reader));
            else
            {
                items.Add(null);
                SkipValue(ref reader);
            }
        }
        return items;
    }

    private static AlertmanagerFormat.AlertFields ReadAlert(ref Utf8JsonReader reader)
    {
        string? status = null, startsAt = null, endsAt = null, generator = null, fingerprint = null;
        Dictionary<string, string>? labels = null, annotations = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) _ = reader.GetString();
            if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = StringOrSkip(ref reader); }
            else if (reader.ValueTextEquals("labels"u8)) { reader.Read(); labels = StringMapOrSkip(ref reader); }
            else if (reader.ValueTextEquals("annotations"u8)) { reader.Read(); annotations = StringMapOrSkip(ref reader); }
            else if (reader.ValueTextEquals("startsAt"u8)) { reader.Read(); startsAt = StringOrSkip(ref reader); }
            else if (reader.ValueTextEquals("endsAt"u8)) { reader.Read(); endsAt = StringOrSkip(ref reader); }
            else if (reader.ValueTextEquals("generatorURL"u8)) { reader.Read(); generator = StringOrSkip(ref reader); }
            else if (reader.ValueTextEquals("fingerprint"u8)) { reader.Read(); fingerprint = StringOrSkip(ref reader); }
            else { reader.Read(); SkipValue(ref reader); }
        }
        return new(status, labels ?? new(StringComparer.Ordinal), annotations ?? new(StringComparer.Ordinal), startsAt, endsAt, generator, fingerprint);
    }

    /// <summary>A string value's text; any other value is passed over and reads as missing.</summary>
    private static string? StringOrSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        SkipValue(ref reader);
        return null;
    }

    /// <summary>An object's string-valued properties (the last of a name wins); any other value reads as none.</summary>
    private static Dictionary<string, string>? StringMapOrSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            SkipValue(ref reader);
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String) map[name] = reader.GetString()!;
            else SkipValue(ref reader);
        }
        return map;
    }

    /// <summary>Passes over the value the reader is on, decoding every escaped string in it (an unpaired surrogate throws).</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped) _ = reader.GetString();
            return;
        }
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped) _ = reader.GetString();
    }
}
