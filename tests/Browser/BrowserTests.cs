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

    private async Task RunAsync(string scenario)
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
            },
            TimeSpan.FromSeconds(120));

        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"The browser checks of '{scenario}' failed: {result}");
    }
}
