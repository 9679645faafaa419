using SupportBot.Cards;
using Microsoft.Extensions.Options;
using SupportBot.Redaction;

namespace SupportBot.Logs;

/// <summary>
/// Asks every log source in order, redacts what they return, and bounds it for chat: the alert's own texts first
/// (most relevant), then the log lines newest first, at most MaxLines lines and MaxChars characters.
/// A source that fails or times out is named in the snippet; the others still answer.
/// </summary>
public sealed class LogSnippets(IEnumerable<ILogSource> sources, IRedactor redactor, IOptions<LogsOptions> options, TimeProvider time, ILogger<LogSnippets> log)
{
    private readonly IReadOnlyList<ILogSource> _sources = sources.ToList();

    public async Task<LogSnippet> GetAsync(LogQuery query, CancellationToken ct)
    {
        var o = options.Value;
        var batches = new List<LogBatch>();
        var problems = new List<string>();
        foreach (var source in _sources)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            try
            {
                batches.Add(await source.FetchAsync(query, o.MaxLines, linked.Token));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Log source {Source} failed for {Service}", source.Name, query.Service);
                problems.Add(timeout.IsCancellationRequested ? $"{source.Name} did not answer in time" : $"{source.Name} logs are unavailable right now");
            }
        }

        var raw = batches.SelectMany(b => b.Lines.Select(l => (b.SourceName, Line: l))).ToList();
        var redacted = await redactor.RedactAsync(raw.Select(r => r.Line.Text).ToList(), ct);

        var lines = new List<SnippetLine>();
        var chars = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            var text = CardLimits.Truncate(OneLine(redacted[i]), o.MaxLineChars);
            if (lines.Count >= o.MaxLines || chars + text.Length > o.MaxChars) break;
            chars += text.Length;
            lines.Add(new SnippetLine(raw[i].Line.At, raw[i].SourceName, text, ErrorLines.IsError(text)));
        }

        return new LogSnippet(query.Service, query.From, query.To, query.ErrorsOnly, lines, raw.Count - lines.Count,
            batches.Where(b => b.Lines.Count > 0).Select(b => b.SourceName).ToList(), problems,
            batches.Select(b => b.Link).FirstOrDefault(l => l is not null));
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ⏎ ").Trim();

}
