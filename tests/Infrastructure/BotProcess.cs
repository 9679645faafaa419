using System.Collections.Concurrent;
using System.Diagnostics;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// The bot as its own OS process (the built SupportBot.dll on Kestrel, on a free loopback port), for tests
/// that must kill it the hard way (SIGKILL), which an in-process host cannot simulate.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private BotProcess(Process process, string url)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public HttpClient Http { get; }

    /// <summary>The last lines the bot logged, for failure messages.</summary>
    public string Output => string.Join("\n", _output.TakeLast(40));

    public static async Task<BotProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SupportBot.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("The bot process did not start.");
        var bot = new BotProcess(process, url);
        process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("The bot process exited at start:\n" + bot.Output);
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
        while (_output.Count > 200) _output.TryDequeue(out _);
    }
}
