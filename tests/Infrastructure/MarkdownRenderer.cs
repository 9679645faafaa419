using System.Text.Json;

namespace SupportBot.Tests.Infrastructure;

/// <summary>Card texts through markdown-it (web/node_modules) configured as /dev configures it for the Adaptive Cards renderer.</summary>
public static class MarkdownRenderer
{
    public sealed record Rendered(string[] Links, string[] Tags, string Visible);

    public static async Task<IReadOnlyList<Rendered>> RenderAsync(IReadOnlyList<string> texts)
    {
        var web = Path.Combine(Fixtures.RepoRoot, "web");
        Assert.True(File.Exists(Path.Combine(web, "node_modules", "markdown-it", "package.json")), "markdown-it is not installed: run `npm ci` in web/.");
        var input = Path.Combine(Directory.CreateTempSubdirectory("supportbot-md-").FullName, "texts.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(texts));
        var result = await NodeScript.RunAsync(Path.Combine(Fixtures.RepoRoot, "tests", "Cards", "render-markdown.mjs"), [input],
            new Dictionary<string, string> { ["WEB_DIR"] = web }, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Output.Trim();
        return JsonSerializer.Deserialize<Rendered[]>(json[json.IndexOf('[')..], new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
