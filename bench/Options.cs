namespace SupportBot.Bench;

/// <summary>How long and how hard each part runs. `--quick` shortens everything for a smoke run.</summary>
public sealed record Options
{
    public int Workers { get; init; } = 32;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan StormWindow { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan StormSettle { get; init; } = TimeSpan.FromSeconds(120);
    public int OpenIncidents { get; init; } = 10_000;
    public int Queries { get; init; } = 300;
    public int IngestBodies { get; init; } = 100_000;
    public int SoakIncidents { get; init; } = 50_000;
    public TimeSpan SoakIdle { get; init; } = TimeSpan.FromSeconds(60);
    public bool Redis { get; init; } = true;
    public string Output { get; init; } = Path.Combine(Paths.RepoRoot, "bench", "results", "latest.json");
    public HashSet<string> Parts { get; init; } = ["ingest", "latency", "storm", "query", "soak"];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            o = args[i] switch
            {
                "--quick" => o with
                {
                    Warmup = TimeSpan.FromSeconds(3), Measure = TimeSpan.FromSeconds(3), StormWindow = TimeSpan.FromSeconds(20),
                    StormSettle = TimeSpan.FromSeconds(60), OpenIncidents = 2_000, Queries = 100, IngestBodies = 30_000,
                    SoakIncidents = 5_000, SoakIdle = TimeSpan.FromSeconds(15),
                },
                "--no-redis" => o with { Redis = false },
                "--out" => o with { Output = args[++i] },
                "--parts" => o with { Parts = args[++i].Split(',').ToHashSet() },
                "--bare" => o,
                var other => throw new ArgumentException($"Unknown option {other}. Options: --quick, --no-redis, --out FILE, --parts ingest,latency,storm,query,soak"),
            };
        }
        return o;
    }
}
