using System.Text.RegularExpressions;
using SupportBot.Incidents;

namespace SupportBot.DevPage;

/// <summary>
/// GET /dev, Development only: see SupportBot work in a browser without Teams. The cards are rendered by the
/// official Adaptive Cards JavaScript renderer (npm adaptivecards, restored into web/ by the build and copied
/// next to the binaries), served from here: the page loads nothing from elsewhere.
/// </summary>
public static partial class DevPageEndpoints
{
    /// <summary>The files the page loads, each from its npm package in web/node_modules.</summary>
    private static readonly Dictionary<string, (string Path, string ContentType)> RendererFiles = new(StringComparer.Ordinal)
    {
        ["adaptivecards.min.js"] = ("adaptivecards/dist/adaptivecards.min.js", "text/javascript; charset=utf-8"),
        ["adaptivecards.css"] = ("adaptivecards/dist/adaptivecards.css", "text/css; charset=utf-8"),
        ["markdown-it.min.js"] = ("markdown-it/dist/markdown-it.min.js", "text/javascript; charset=utf-8"),
    };

    public static WebApplication MapDevPage(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return app;

        var group = app.MapGroup("/dev");
        group.MapGet("/", () => Embedded("dev.html", "text/html; charset=utf-8"));
        group.MapGet("/dev.js", () => Embedded("dev.js", "text/javascript; charset=utf-8"));

        group.MapGet("/cards.json", async (IIncidentStore store, TimeProvider time, CancellationToken ct) =>
        {
            var open = (await store.ListOpenAsync(0, ct)).MostSevere;
            var shown = IncidentOrdering.Sort(open.Concat(await store.ListRecentAsync(DevCards.Shown, null, ct)).DistinctBy(i => i.Number));
            return Results.Content(DevCards.Build(shown, time.GetUtcNow()).ToJsonString(), "application/json; charset=utf-8");
        });

        var nodeModules = FindNodeModules(AppContext.BaseDirectory);
        group.MapGet("/renderer/{file}", (string file) =>
        {
            if (!RendererFiles.TryGetValue(file, out var known))
                return Results.Problem(statusCode: 404, title: "Not a renderer file", detail: $"'{file}' is not served here.");
            var path = nodeModules is null ? null : Path.Combine(nodeModules, known.Path);
            return path is not null && File.Exists(path)
                ? Results.File(path, known.ContentType)
                : Results.Problem(statusCode: 404, title: "Renderer not restored",
                    detail: "The Adaptive Cards renderer is missing: run `npm ci` in web/ (the build does it when npm is installed).");
        });

        group.MapGet("/samples/{name}", (string name) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "samples", name);
            return SampleName().IsMatch(name) && File.Exists(path)
                ? Results.File(path, "application/json; charset=utf-8")
                : Results.Problem(statusCode: 404, title: "No such sample", detail: $"There is no shipped sample named '{name}'.");
        });
        return app;
    }

    /// <summary>web/node_modules of the checkout the bot runs from (bot/bin/... or tests/bin/...).</summary>
    internal static string? FindNodeModules(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", "node_modules");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static IResult Embedded(string name, string contentType)
    {
        using var stream = typeof(DevPageEndpoints).Assembly.GetManifestResourceStream($"SupportBot.DevPage.{name}")
                           ?? throw new InvalidOperationException($"{name} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Results.Content(reader.ReadToEnd(), contentType);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*\.json$")]
    private static partial Regex SampleName();
}
