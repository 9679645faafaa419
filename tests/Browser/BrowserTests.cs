using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SupportBot.Tests.Browser;

/// <summary>
/// The public status page, the alert bar on a customer's website and the /dev try-out page, in Debian's Chromium
/// driven by playwright-core (web/node_modules) against the real bot on Kestrel. Screenshots land in
/// tests/TestResults/browser/.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
    public static string Artifacts { get; } = Path.Combine(Fixtures.RepoRoot, "tests", "TestResults", "browser");

    [Fact]
    public Task Status_page_shows_the_open_incident_then_all_systems_operational() => RunAsync("status");

    [Fact]
    public Task Alert_bar_appears_on_a_website_while_an_incident_is_open_and_goes_after_resolve() => RunAsync("alert-bar");

    [Fact]
    public Task Dev_page_renders_the_briefing_card_without_console_errors_or_renderer_warnings() => RunAsync("dev");

    [Fact]
    public async Task Teams_cards_rendered_with_markdown_show_hostile_alert_text_literally_and_no_planted_link()
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!.AsObject();
        var alert = payload["alerts"]![0]!;
        const string summary = "Storm <!channel> [phish](https://evil.example/p) *bold* <at>Everyone</at>";
        var description = string.Join("\n", HostileStrings.Texts.Where(t => t.Length < 1000));
        alert["annotations"]!["summary"] = summary;
        alert["annotations"]!["description"] = description;
        alert["annotations"]!["runbook_url"] = "https://evil.example/d) [Click here](https://phish.example/login";
        alert["annotations"]!["dashboard"] = "javascript:alert(1)";
        alert["generatorURL"] = "https://evil.example/a|x> <!channel> <https://b.example";
        payload["commonAnnotations"]!["summary"] = summary;
        var file = Path.Combine(Directory.CreateTempSubdirectory("supportbot-hostile-").FullName, "hostile.json");
        await File.WriteAllTextAsync(file, payload.ToJsonString());

        await RunAsync("hostile-cards", new Dictionary<string, string>
        {
            ["HOSTILE_PAYLOAD"] = file,
            ["HOSTILE_ALLOWED_LINKS"] = new Uri(alert["generatorURL"]!.GetValue<string>()).AbsoluteUri,
            ["HOSTILE_LITERALS"] = string.Join("\n", "[phish](https://evil.example/p)", "*bold*", "<at>Everyone</at>", "<script>alert(1)</script>"),
        });
    }

    [Fact]
    public async Task Alert_bar_shows_hostile_incident_text_as_text_without_planting_elements_scripts_or_links()
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!.AsObject();
        // Hostile texts from the table that the status page shows as a public title (none looks like an internal host).
        const string summary = "Storm <!channel> [phish](https://evil.example/p) <img src=x onerror=\"window.__pwned=true\"> " +
                               "<script>window.__pwned=true</script> \"><svg onload=window.__pwned=true> <at>Everyone</at>";
        payload["alerts"]![0]!["annotations"]!["summary"] = summary;
        payload["commonAnnotations"]!["summary"] = summary;
        var dir = Directory.CreateTempSubdirectory("supportbot-hostile-bar-").FullName;
        var file = Path.Combine(dir, "hostile.json");
        await File.WriteAllTextAsync(file, payload.ToJsonString());
        var table = Path.Combine(dir, "hostile-strings.json");
        await File.WriteAllTextAsync(table, System.Text.Json.JsonSerializer.Serialize(new { texts = HostileStrings.Texts, links = HostileStrings.Links }));

        await RunAsync("hostile-alert-bar", new Dictionary<string, string>
        {
            ["HOSTILE_PAYLOAD"] = file,
            ["HOSTILE_STRINGS"] = table,
            ["HOSTILE_LITERALS"] = string.Join("\n", "<!channel>", "[phish](https://evil.example/p)", "<img src=x", "<script>", "<svg onload", "<at>Everyone</at>"),
        });
    }

    private async Task RunAsync(string scenario, IDictionary<string, string>? extra = null)
    {
        Assert.True(File.Exists(Chromium), $"Chromium is not installed at {Chromium} (apt-get install chromium; .ci/run does).");
        var web = Path.Combine(Fixtures.RepoRoot, "web");
        Assert.True(Directory.Exists(Path.Combine(web, "node_modules", "playwright-core")),
            "playwright-core is not installed: run `npm ci` in web/ (.ci/run and the bot's build do).");

        await using var bot = new BotApp(new Dictionary<string, string?> { ["StatusPage:CacheSeconds"] = "5" });
        var baseUrl = bot.StartOnLoopback();

        var result = await NodeScript.RunAsync(
            Path.Combine(Fixtures.RepoRoot, "tests", "Browser", "browser-checks.mjs"), [scenario],
            new Dictionary<string, string>
            {
                ["BASE_URL"] = baseUrl,
                ["WEB_DIR"] = web,
                ["SAMPLES_DIR"] = Path.Combine(Fixtures.RepoRoot, "samples"),
                ["ARTIFACTS_DIR"] = Artifacts,
                ["CHROMIUM"] = Chromium,
            }.Concat(extra ?? new Dictionary<string, string>()).ToDictionary(),
            TimeSpan.FromSeconds(120));

        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"The browser checks of '{scenario}' failed: {result}");
    }
}
