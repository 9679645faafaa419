using SupportBot.Bench;

if (args.Contains("--bare"))
{
    // Child mode: the bare endpoint that ingest is compared with.
    var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != "--bare").ToArray());
    builder.Logging.ClearProviders();
    var bare = builder.Build();
    bare.MapGet("/bare", () => Results.Ok());
    bare.MapPost("/bare", async (HttpRequest request) =>
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return Results.Ok();
    });
    bare.Run();
    return 0;
}

var options = Options.Parse(args);
var report = new Report();
Console.WriteLine($"SupportBot benchmark on {Environment.ProcessorCount} cores; parts: {string.Join(", ", options.Parts)}");

await using var redis = options.Redis ? await RedisServer.TryStartAsync() : null;
var stores = new List<(string Name, Dictionary<string, string> Settings)>();
if (options.Embedded) stores.Add(("embedded", new()));
if (redis is not null) stores.Add(("redis", new() { ["ConnectionStrings:Redis"] = redis.ConnectionString }));
else if (options.Redis) Console.WriteLine("redis-server not found: Redis figures skipped (apt-get install redis-server).");

// The forecaster needs no bot, store or network: it runs first, once.
if (options.Parts.Contains("forecast")) ForecastBench.Run(options, report);

var bareRate = options.Parts.Contains("ingest") ? await IngestBench.BareAsync(options, report) : 0;
foreach (var (store, settings) in stores)
{
    Console.WriteLine($"— {store} store");
    // Each part starts from an empty store: on Redis, a key prefix of its own.
    Dictionary<string, string> Fresh(string part) => store == "redis"
        ? new(settings) { ["Redis:KeyPrefix"] = $"bench:{part}:{Guid.NewGuid():N}:" }
        : settings;
    if (options.Parts.Contains("ingest")) await IngestBench.RunAsync(options, report, store, Fresh("ingest"), bareRate);
    if (options.Parts.Contains("idle")) await LatencyBench.RunAsync(options, report, store, Fresh("idle"));
    if (options.Parts.Contains("storm")) await StormBench.RunAsync(options, report, store, Fresh);
    if (options.Parts.Contains("flapping")) await FlapBench.RunAsync(options, report, store, Fresh("flapping"));
    if (options.Parts.Contains("query")) await QueryBench.RunAsync(options, report, store, Fresh("query"));
    if (options.Parts.Contains("soak") && redis is not null && store == "redis") await SoakBench.RunAsync(options, report, Fresh("soak"), redis.ConnectionString);
    if (options.Parts.Contains("scale") && redis is not null && store == "redis") await ScaleBench.RunAsync(options, report, redis.ConnectionString, Fresh);
}

report.Print(Console.Out);
report.Write(options.Output);
Console.WriteLine($"\nJSON: {options.Output}");
return 0;
