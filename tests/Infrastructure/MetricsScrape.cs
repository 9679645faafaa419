using System.Globalization;
using System.Text.RegularExpressions;

namespace SupportBot.Tests.Infrastructure;

/// <summary>One scrape of /metrics, read as Prometheus reads the text format: samples by name and labels.</summary>
public sealed partial class MetricsScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public string Text { get; }

    public MetricsScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            var m = Sample().Match(line);
            if (!m.Success) continue;
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["k"].Value, l => l.Groups["v"].Value);
            _samples.Add((m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public static async Task<MetricsScrape> FromAsync(HttpClient http, string path = "/metrics")
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include <paramref name="labels"/> (k=v pairs).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    /// <summary>Metric family names announced with # TYPE.</summary>
    public IReadOnlySet<string> Families => Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
        .Select(l => l.Split(' ')[2]).ToHashSet();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
