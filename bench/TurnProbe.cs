using System.Diagnostics;
using System.Globalization;

namespace SupportBot.Bench;

/// <summary>
/// Where the time of a run of chat turns went, from the bot's side: its CPU per turn (the whole process, so background
/// work during the run is in it), and the means of its own histograms: the whole turn, the answer (the skills: store
/// reads, redaction, the card) and the reply (sending it to the Bot Connector stand-in), against the round trip the
/// client saw. CPU per turn hardly moves with the machine's load; the times do. The load average is printed with them.
/// </summary>
public sealed class TurnProbe
{
    private readonly ChildServer _bot;
    private readonly HttpClient _http;
    private readonly TimeSpan _cpu;
    private readonly Dictionary<string, (double Sum, double Count)> _before;

    private TurnProbe(ChildServer bot, HttpClient http, TimeSpan cpu, Dictionary<string, (double, double)> before)
    {
        _bot = bot;
        _http = http;
        _cpu = cpu;
        _before = before;
    }

    private static readonly string[] Series =
    [
        "supportbot_chat_turn_duration_seconds",
        "supportbot_chat_turn_phase_seconds{phase=\"answer\"}",
        "supportbot_chat_turn_phase_seconds{phase=\"reply\"}",
    ];

    public static async Task<TurnProbe> StartAsync(ChildServer bot, HttpClient http) =>
        new(bot, http, bot.ProcessorTime(), await ScrapeAsync(http));

    public async Task ReportAsync(Report report, string part, string store, string what, IReadOnlyList<double> roundTrips)
    {
        var cpu = _bot.ProcessorTime() - _cpu;
        var after = await ScrapeAsync(_http);
        double Mean(string series)
        {
            var (sum, count) = (after[series].Sum - _before[series].Sum, after[series].Count - _before[series].Count);
            return count > 0 ? sum / count * 1000 : double.NaN;
        }
        report.Add(new(part, store, $"{what}: bot CPU per turn", cpu.TotalMilliseconds / roundTrips.Count, "ms"));
        report.Add(new(part, store, $"{what}: mean round trip", roundTrips.Average(), "ms"));
        report.Add(new(part, store, $"{what}: mean in the bot's turn", Mean(Series[0]), "ms"));
        report.Add(new(part, store, $"{what}: mean answer (skills)", Mean(Series[1]), "ms"));
        report.Add(new(part, store, $"{what}: mean reply (send)", Mean(Series[2]), "ms"));
        report.Add(new(part, store, $"{what}: load average (1 min)", Machine.LoadAverage(), ""));
    }

    /// <summary>Sum and count of each series (all label values of the turn duration together).</summary>
    private static async Task<Dictionary<string, (double Sum, double Count)>> ScrapeAsync(HttpClient http)
    {
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new("Bearer", ChildServer.AdminToken);
        using var response = await http.SendAsync(scrape);
        var lines = (await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).Split('\n');
        double Sum(string name, string labels) => lines
            .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Where(l => labels.Length == 0 || l.Contains(labels, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        var figures = new Dictionary<string, (double, double)>();
        foreach (var series in Series)
        {
            var brace = series.IndexOf('{');
            var (name, labels) = brace < 0 ? (series, "") : (series[..brace], series[(brace + 1)..^1]);
            figures[series] = (Sum(name + "_sum", labels), Sum(name + "_count", labels));
        }
        return figures;
    }
}

public static class Machine
{
    /// <summary>The 1-minute load average from /proc/loadavg (NaN where there is none).</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
