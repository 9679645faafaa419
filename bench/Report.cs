using System.Text.Json;

namespace SupportBot.Bench;

public sealed record Figure(string Part, string Store, string Measure, double Value, string Unit, string? Target = null, bool? Met = null)
{
    /// <summary>The machine's 1-minute load average when the figure was taken: wall-clock figures move with it.</summary>
    public double Load { get; init; } = double.NaN;
}

/// <summary>Collects figures, prints them as one table and writes them as JSON.</summary>
public sealed class Report
{
    private readonly List<Figure> _figures = [];

    public void Add(Figure figure)
    {
        figure = figure with { Load = Machine.LoadAverage() };
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Part,-10} {figure.Store,-8} {figure.Measure,-40} {Format(figure.Value),12} {figure.Unit} (load {figure.Load:0.0})");
    }


    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"SupportBot benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"{"part",-10} {"store",-8} {"measure",-40} {"value",12} {"unit",-8} {"target",-16} {"met",-4} load");
        output.WriteLine(new string('-', 112));
        foreach (var f in _figures)
            output.WriteLine($"{f.Part,-10} {f.Store,-8} {f.Measure,-40} {Format(f.Value),12} {f.Unit,-8} {f.Target ?? "",-16} {(f.Met is null ? "" : f.Met.Value ? "yes" : "NO"),-4} {f.Load:0.0}");
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, dotnet = Environment.Version.ToString(), os = Environment.OSVersion.ToString() },
            at = DateTime.UtcNow,
            figures = _figures,
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    }

    private static string Format(double v) => double.IsNaN(v) ? "n/a" : v >= 100 ? v.ToString("N0") : v.ToString("0.##");
}
