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
    /// <summary>Ingest load between the cold and the steady window (the runtime's tiered compiler settles meanwhile).</summary>
    public TimeSpan IngestSettle { get; init; } = TimeSpan.FromSeconds(30);
    public int IdleSamples { get; init; } = 50;
    public int Flaps { get; init; } = 20;
    public int SoakIncidents { get; init; } = 50_000;
    public TimeSpan SoakIdle { get; init; } = TimeSpan.FromSeconds(60);
    public bool Redis { get; init; } = true;
    public bool Embedded { get; init; } = true;
    // The "scale" simulation: an organisation's peak hour, a slice of it replayed at speed (see docs/scaling.md).
    public int ScaleServices { get; init; } = 2_000;
    public int ScaleChannels { get; init; } = 300;
    public int ScaleAlertsPerHour { get; init; } = 20_000;
    public int ScaleAffectedPerHour { get; init; } = 200;
    public TimeSpan ScaleSliceStart { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan ScaleSlice { get; init; } = TimeSpan.FromMinutes(1);
    public double ScaleSpeed { get; init; } = 2;
    public TimeSpan ScaleSettle { get; init; } = TimeSpan.FromMinutes(5);
    public string Output { get; init; } = Path.Combine(Paths.RepoRoot, "bench", "results", "latest.json");
    public HashSet<string> Parts { get; init; } = ["ingest", "idle", "storm", "flapping", "query", "soak", "forecast", "scale"];

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
                    StormSettle = TimeSpan.FromSeconds(60), OpenIncidents = 2_000, Queries = 100, IngestSettle = TimeSpan.FromSeconds(5),
                    SoakIncidents = 5_000, SoakIdle = TimeSpan.FromSeconds(15), ScaleChannels = 30,
                    IdleSamples = 15, Flaps = 12,
                },
                "--channels" => o with { ScaleChannels = int.Parse(args[++i]) },
                "--slice-minutes" => o with { ScaleSlice = TimeSpan.FromMinutes(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)) },
                "--speed" => o with { ScaleSpeed = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--no-redis" => o with { Redis = false },
                "--no-embedded" => o with { Embedded = false },
                "--out" => o with { Output = args[++i] },
                "--parts" => o with { Parts = args[++i].Split(',').ToHashSet() },
                "--bare" => o,
                var other => throw new ArgumentException($"Unknown option {other}. Options: --quick, --no-redis, --no-embedded, --out FILE, --parts ingest,idle,storm,flapping,query,soak,forecast,scale, --channels N, --slice-minutes M, --speed X"),
            };
        }
        return o;
    }
}
