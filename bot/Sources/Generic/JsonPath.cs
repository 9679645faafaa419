using System.Globalization;
using System.Text.Json;

namespace SupportBot.Sources.Generic;

/// <summary>
/// The small JSON path the generic mapping uses: property names separated by dots, array positions in brackets,
/// an optional leading "$." — "$.heartbeat.status", "alerts[0].labels.service", "monitor.tags[1].value".
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _steps; // string: property name; int: array position

    private JsonPath(string text, IReadOnlyList<object> steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    public static bool TryParse(string? text, out JsonPath path)
    {
        path = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var rest = text.Trim();
        if (rest == "$") { path = new JsonPath(text, []); return true; }
        if (rest.StartsWith("$.", StringComparison.Ordinal)) rest = rest[2..];
        var steps = new List<object>();
        foreach (var segment in rest.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length > 0) steps.Add(name);
            else if (bracket != 0) return false; // an empty segment: "a..b"
            var tail = bracket < 0 ? "" : segment[bracket..];
            while (tail.Length > 0)
            {
                var close = tail.IndexOf(']');
                if (!tail.StartsWith('[') || close < 0) return false;
                if (!int.TryParse(tail[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
                steps.Add(index);
                tail = tail[(close + 1)..];
            }
        }
        if (steps.Count == 0) return false;
        path = new JsonPath(text, steps);
        return true;
    }

    /// <summary>The element the path points at, or null when any step is missing or of the wrong kind.</summary>
    public JsonElement? Find(JsonElement root)
    {
        var current = root;
        foreach (var step in _steps)
        {
            switch (step)
            {
                case string name when current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child):
                    current = child;
                    break;
                case int index when current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }
        return current;
    }

    public string? ScalarAt(JsonElement root) => Find(root) is { } found ? Json.Scalar(found) : null;

    public override string ToString() => Text;
}
