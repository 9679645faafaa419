using System.Diagnostics;

namespace SupportBot.Api;

/// <summary>GET /api/runtime: memory and GC figures, for the benchmark and for operators. Internal; it only reads.</summary>
public static class RuntimeEndpoints
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runtime", () =>
        {
            using var process = Process.GetCurrentProcess();
            return Results.Ok(new RuntimeFigures(
                process.WorkingSet64,
                GC.GetTotalMemory(forceFullCollection: false),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                Environment.ProcessorCount));
        });
        return app;
    }
}

public sealed record RuntimeFigures(long WorkingSetBytes, long ManagedHeapBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections, int ProcessorCount);
