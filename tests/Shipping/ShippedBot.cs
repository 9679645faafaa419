using System.Net.Http.Headers;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Shipping;

/// <summary>
/// The bot started the ways a user starts it — <c>dotnet run --project bot</c> from the repository root, or the
/// <c>dotnet publish</c> output from some other folder — with nothing but what ships, on a free loopback port.
/// </summary>
public static class ShippedBot
{
    public const string WebhookToken = "shipped-bot-test-token";

    /// <summary>Debug or Release: whatever the tests (and so the bot next to them) were built as.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The folder <c>dotnet publish bot</c> wrote (once per test run, from the build the tests use).</summary>
    public static Task<string> PublishedFolderAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "supportbot-publish-" + Guid.NewGuid().ToString("N"));
        var (exit, log) = await ExternalProcess.RunAsync("dotnet",
            ["publish", "bot", "--no-build", "-c", Configuration, "-o", output, "-nologo"], Fixtures.RepoRoot, TimeSpan.FromMinutes(3));
        if (exit != 0) throw new InvalidOperationException("dotnet publish failed:\n" + log);
        return output;
    }

    /// <summary>
    /// README's way: <c>dotnet run --project bot</c> from the repository root, or <c>dotnet run</c> inside bot/
    /// (Development, via launchSettings.json). <c>--no-build</c>: the tests already built it.
    /// </summary>
    public static async Task<(ExternalProcess Process, HttpClient Http)> DotnetRunAsync(bool insideBotFolder)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        string[] project = insideBotFolder ? [] : ["--project", "bot"];
        var process = ExternalProcess.Start("dotnet",
            ["run", .. project, "--no-build", "-c", Configuration, "--", "--urls", url],
            insideBotFolder ? Path.Combine(Fixtures.RepoRoot, "bot") : Fixtures.RepoRoot, Quiet());
        await process.WaitUntilReadyAsync(url + "/healthz", TimeSpan.FromSeconds(90));
        return (process, new HttpClient { BaseAddress = new Uri(url) });
    }

    /// <summary>
    /// The published binary started from an unrelated folder as a container starts it: Production, the port from
    /// ASPNETCORE_HTTP_PORTS, bearer-authenticated webhooks.
    /// </summary>
    public static async Task<(ExternalProcess Process, HttpClient Http)> PublishedFromElsewhereAsync(string publishedFolder, string environment = "Production")
    {
        var port = Loopback.FreePort();
        var elsewhere = Directory.CreateTempSubdirectory("supportbot-cwd-").FullName;
        var settings = Quiet();
        settings["ASPNETCORE_ENVIRONMENT"] = environment;
        settings["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        settings["Webhooks__Auth__Scheme"] = "Bearer";
        settings["Webhooks__Auth__Token"] = WebhookToken;
        settings["Admin__Token"] = ProductionSettings.AdminToken;
        settings["MicrosoftAppId"] = ProductionSettings.BotAppId;
        settings["MicrosoftAppPassword"] = "bot-client-secret";
        var process = ExternalProcess.Start("dotnet", [Path.Combine(publishedFolder, "SupportBot.dll")], elsewhere, settings);
        var url = $"http://127.0.0.1:{port}";
        await process.WaitUntilReadyAsync(url + "/healthz", TimeSpan.FromSeconds(60));
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebhookToken);
        return (process, http);
    }

    /// <summary>No variables that would change what the shipped settings say (the test runner's own are inherited).</summary>
    private static Dictionary<string, string?> Quiet() => new()
    {
        ["Urls"] = null, ["ASPNETCORE_URLS"] = null, ["DOTNET_URLS"] = null, ["ASPNETCORE_HTTP_PORTS"] = null,
        ["ASPNETCORE_ENVIRONMENT"] = null, ["DOTNET_ENVIRONMENT"] = null,
    };
}
