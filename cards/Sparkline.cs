namespace SupportBot.Cards;

/// <summary>
/// A trend as eight block characters (▁▂▃▄▅▆▇█): plain text, so every Adaptive Card renderer, Slack and a plain-text
/// fallback show it alike.
/// </summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>At most <paramref name="width"/> characters; each the average of its share of the values (NaN skipped, shown as a space).</summary>
    public static string Of(IReadOnlyList<double> values, int width = 24)
    {
        if (values.Count == 0 || width <= 0) return "";
        var buckets = new double[Math.Min(width, values.Count)];
        for (var b = 0; b < buckets.Length; b++)
        {
            var from = b * values.Count / buckets.Length;
            var to = Math.Max(from + 1, (b + 1) * values.Count / buckets.Length);
            var finite = Enumerable.Range(from, to - from).Select(i => values[i]).Where(double.IsFinite).ToList();
            buckets[b] = finite.Count == 0 ? double.NaN : finite.Average();
        }
        var shown = buckets.Where(double.IsFinite).ToList();
        if (shown.Count == 0) return new string(' ', buckets.Length);
        var min = shown.Min();
        var max = shown.Max();
        return new string(buckets.Select(v => !double.IsFinite(v) ? ' '
            : max - min < 1e-12 ? Blocks[3]
            : Blocks[(int)Math.Round((v - min) / (max - min) * (Blocks.Length - 1))]).ToArray());
    }
}
