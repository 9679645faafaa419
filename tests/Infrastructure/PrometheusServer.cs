namespace SupportBot.Tests.Infrastructure;

/// <summary>Debian's real <c>prometheus</c> on a free loopback port with a throw-away directory, scraping the given targets every second.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly string _directory;

    public string Url { get; }
    public string Output => _process.Output;

    private PrometheusServer(ExternalProcess process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public static async Task<PrometheusServer> StartAsync(params string[] targets)
    {
        var directory = Directory.CreateTempSubdirectory("supportbot-prometheus-").FullName;
        var port = Loopback.FreePort();
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: scripted
                static_configs:
                  - targets: [{{string.Join(", ", targets.Select(t => $"'{t}'"))}}]
            """);
        var process = ExternalProcess.Start("prometheus",
        [
            "--config.file=prometheus.yml", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ], directory);
        var server = new PrometheusServer(process, directory, $"http://127.0.0.1:{port}");
        try
        {
            await process.WaitUntilReadyAsync($"{server.Url}/-/ready", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
