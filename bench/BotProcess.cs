using System.Diagnostics;

namespace SupportBot.Bench;

/// <summary>A server under test, started as a child process on a free loopback port and killed on dispose.</summary>
public sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    public string Url { get; }
    public int Pid => _process.Id;

    private ChildServer(Process process, string url) { _process = process; Url = url; }

    public const string WebhookToken = "bench-webhook-token";
    public const string AdminToken = "bench-admin-token-for-the-internal-api";

    /// <summary>
    /// The real bot, from its build output, with production's secrets: webhooks and the internal API need bearer tokens.
    /// Development environment only because the bench chats with the bot without Bot Framework tokens (nothing here can
    /// mint them), which Production refuses.
    /// </summary>
    public static Task<ChildServer> StartBotAsync(IDictionary<string, string> settings) =>
        StartAsync(Paths.BotDll, [], new Dictionary<string, string>(settings.Concat(BotEnvironment()))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Webhooks:Auth:Scheme"] = "Bearer",
            ["Webhooks:Auth:Token"] = WebhookToken,
            ["Admin:Token"] = AdminToken,
        }, "/healthz");

    /// <summary>BENCH_BOT_X=v in the bench's environment is X=v in the bot's only (e.g. BENCH_BOT_DOTNET_gcServer=0 to try a runtime setting).</summary>
    private static IEnumerable<KeyValuePair<string, string>> BotEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => ((string)e.Key).StartsWith("BENCH_BOT_", StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create(((string)e.Key)["BENCH_BOT_".Length..], (string)e.Value!));

    /// <summary>A client for this server that sends the webhook token with webhooks and the admin token to the internal API.</summary>
    public HttpClient Client() => new(new BearerTokens { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = new Uri(Url) };

    private sealed class BearerTokens : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            if (path.StartsWith("/api/webhooks/", StringComparison.Ordinal))
                request.Headers.Authorization = new("Bearer", WebhookToken);
            else if (path.StartsWith("/api/", StringComparison.Ordinal) && path != "/api/messages")
                request.Headers.Authorization = new("Bearer", AdminToken);
            return base.SendAsync(request, ct);
        }
    }

    /// <summary>A bare ASP.NET Core endpoint that reads the body and answers 200: the ceiling to compare ingest with.</summary>
    public static Task<ChildServer> StartBareAsync() =>
        StartAsync(typeof(ChildServer).Assembly.Location, ["--bare"], new Dictionary<string, string>(), "/bare");

    private static async Task<ChildServer> StartAsync(string dll, string[] args, IDictionary<string, string> settings, string readyPath)
    {
        var url = $"http://127.0.0.1:{SupportBot.Tests.Infrastructure.Loopback.FreePort()}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in settings) info.Environment[k.Replace(":", "__")] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [child] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode}");
            try
            {
                var r = await http.GetAsync(url + readyPath);
                if ((int)r.StatusCode < 500) return new ChildServer(process, url);
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        process.Kill(true);
        throw new TimeoutException($"{Path.GetFileName(dll)} did not start on {url}");
    }

    /// <summary>CPU time the server has used so far (all its threads).</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident set size from /proc, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

public static class Paths
{
    public static string RepoRoot { get; } = Find();

    /// <summary>The bot's build output; BENCH_BOT_DLL names another build (an A/B of two commits with one bench).</summary>
    public static string BotDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BENCH_BOT_DLL") is { Length: > 0 } other) return other;
            var config = typeof(Paths).Assembly.Location.Contains("/Release/") ? "Release" : "Debug";
            var dll = Path.Combine(RepoRoot, "bot", "bin", config, "net10.0", "SupportBot.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the bot first (dotnet build -c " + config + ")", dll);
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
    }
}
