using System.Collections.Concurrent;
using System.Diagnostics;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// The bot as its own OS process on Kestrel at a free loopback port: the built SupportBot.dll, or `dotnet run --project bot`
/// exactly as README.md says. For tests of what ships (environment, startup refusals, logs) and for killing it the hard
/// way (SIGKILL), which an in-process host cannot simulate.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private BotProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public HttpClient Http { get; }

    public string Url { get; }

    /// <summary>The last lines the bot logged, for failure messages.</summary>
    public string Output => string.Join("\n", _output.TakeLast(40));

    /// <summary>Everything the bot logged so far (the last 2,000 lines).</summary>
    public string Log => string.Join("\n", _output);

    public static Task<BotProcess> StartAsync(IDictionary<string, string?> settings, string environment = "Development") =>
        WaitUntilHealthyAsync(Launch(BuiltBot(environment), settings));

    /// <summary>`dotnet run --project bot`, as README.md says; <paramref name="environment"/> null: the caller sets none.</summary>
    public static Task<BotProcess> RunProjectAsync(IDictionary<string, string?> settings, string? environment) =>
        WaitUntilHealthyAsync(Launch(DotnetRun(environment), settings));

    /// <summary>Starts the built bot and waits for it to give up; returns its exit code and what it logged.</summary>
    public static async Task<(int ExitCode, string Log)> StartExpectingRefusalAsync(IDictionary<string, string?> settings, string environment = "Production")
    {
        await using var bot = Launch(BuiltBot(environment), settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await bot._process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { throw new InvalidOperationException("The bot kept running instead of refusing to start:\n" + bot.Output); }
        bot._process.WaitForExit(); // flushes the redirected output
        return (bot._process.ExitCode, bot.Log);
    }

    private static ProcessStartInfo BuiltBot(string environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SupportBot.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        return start;
    }

    private static ProcessStartInfo DotnetRun(string? environment)
    {
        var repository = Fixtures.RepoRoot;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        // --no-build: the test build already built the bot; everything else is what `dotnet run --project bot` does.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", "bot", "--no-build", "-c", configuration },
            WorkingDirectory = repository,
        };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        if (environment is not null) start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        return start;
    }

    private static BotProcess Launch(ProcessStartInfo start, IDictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The command line outranks the launch profile's applicationUrl.
        if (start.ArgumentList[0] == "run") start.ArgumentList.Add("--");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("The bot process did not start.");
        var bot = new BotProcess(process, url);
        process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    private static async Task<BotProcess> WaitUntilHealthyAsync(BotProcess bot)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (bot._process.HasExited)
            {
                await bot.DisposeAsync();
                throw new InvalidOperationException("The bot process exited at start:\n" + bot.Output);
            }
            try
            {
                if ((await bot.Http.GetAsync("/healthz")).IsSuccessStatusCode) return bot;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until the bot has logged a line containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The bot did not log '{text}':\n{Output}");
    }

    /// <summary>kill -9: no shutdown, no flushing, nothing handed back.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }
}
