using System.Text.Json;

namespace SupportBot.Bench;

public sealed record Figure(string Part, string Store, string Measure, double Value, string Unit, string? Target = null, bool? Met = null);

/// <summary>Collects figures, prints them as one table and writes them as JSON.</summary>
public sealed class Report
{
    private readonly List<Figure> _figures = [];

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Part,-10} {figure.Store,-8} {figure.Measure,-34} {Format(figure.Value),12} {figure.Unit}");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"SupportBot benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"{"part",-10} {"store",-8} {"measure",-34} {"value",12} {"unit",-8} {"target",-16} met");
        output.WriteLine(new string('-', 100));
        foreach (var f in _figures)
            output.WriteLine($"{f.Part,-10} {f.Store,-8} {f.Measure,-34} {Format(f.Value),12} {f.Unit,-8} {f.Target ?? "",-16} {(f.Met is null ? "" : f.Met.Value ? "yes" : "NO")}");
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
