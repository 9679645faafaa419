using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Shipping;

/// <summary>The root appsettings.json takes effect however the bot is started, and its absence is said out loud.</summary>
public sealed class ShippedSettingsTests
{
    [Theory]
    [InlineData(false)] // dotnet run --project bot, from the repository root
    [InlineData(true)]  // dotnet run, inside bot/
    public async Task Dotnet_run_shows_the_shipped_status_page_services(bool insideBotFolder)
    {
        var (process, http) = await ShippedBot.DotnetRunAsync(insideBotFolder);
        await using (process)
        using (http)
            await AssertShippedStatusPageAsync(http, process);
    }

    [Fact]
    public async Task Published_bot_started_from_another_folder_uses_the_shipped_settings_and_the_container_port()
    {
        var published = await ShippedBot.PublishedFolderAsync();
        Assert.True(File.Exists(Path.Combine(published, "appsettings.json")), "dotnet publish ships appsettings.json beside the binaries");

        var (process, http) = await ShippedBot.PublishedFromElsewhereAsync(published);
        await using (process)
        using (http)
        {
            await AssertShippedStatusPageAsync(http, process);
            // ASPNETCORE_HTTP_PORTS (what the .NET container images set) wins and binds every interface, not loopback only.
            Assert.Contains($"Now listening on: http://[::]:{http.BaseAddress!.Port}", process.Output);
        }
    }

    [Fact]
    public async Task A_missing_settings_file_is_named_in_a_warning_at_start()
    {
        var published = await ShippedBot.PublishedFolderAsync();
        var copy = Directory.CreateTempSubdirectory("supportbot-nosettings-").FullName;
        foreach (var file in Directory.GetFiles(published, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(published, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.Delete(Path.Combine(copy, "appsettings.json"));

        var (process, http) = await ShippedBot.PublishedFromElsewhereAsync(copy);
        await using (process)
        using (http)
        {
            var expected = Path.Combine(copy, "appsettings.json");
            for (var i = 0; i < 50 && !process.Output.Contains(expected); i++) await Task.Delay(100);
            Assert.Contains(expected, process.Output);
            Assert.Contains("missing", process.Output);
        }
    }

    private static async Task AssertShippedStatusPageAsync(HttpClient http, ExternalProcess process)
    {
        var posted = await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}\n{process.Output}");

        var page = await http.GetStringAsync("/status");
        Assert.Contains("Example Shop status", page);   // the shipped StatusPage:Title
        Assert.Contains("Checkout", page);              // the shipped services
        Assert.Contains("Orders", page);
        Assert.Contains("Search", page);
        Assert.DoesNotContain("All systems operational", page);
    }
}
