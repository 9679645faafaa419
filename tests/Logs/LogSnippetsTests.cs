using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Logs;
using SupportBot.Redaction;

namespace SupportBot.Tests.Logs;

public sealed class LogSnippetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A source that has a fixed set of lines, as any ILogSource could.</summary>
    private sealed class FixedSource(string name, IReadOnlyList<LogLine> lines) : ILogSource
    {
        public string Name => name;
        public Task<LogBatch> FetchAsync(LogQuery query, int limit, CancellationToken ct) => Task.FromResult(new LogBatch(Name, lines.Take(limit).ToList()));
    }

    private sealed class FailingSource : ILogSource
    {
        public string Name => "elastic";
        public Task<LogBatch> FetchAsync(LogQuery query, int limit, CancellationToken ct) => throw new HttpRequestException("connection refused");
    }

    private static LogSnippets Snippets(LogsOptions options, params ILogSource[] sources) =>
        new(sources, new BuiltInRedactor(), Options.Create(options), TimeProvider.System, NullLogger<LogSnippets>.Instance);

    private static LogQuery Query => new("checkout-api", Now.AddMinutes(-15), Now, ErrorsOnly: false);

    [Fact]
    public async Task The_snippet_is_bounded_by_lines_and_characters_and_counts_what_it_left_out()
    {
        var lines = Enumerable.Range(1, 50).Select(i => new LogLine(Now.AddSeconds(-i), $"line {i} " + new string('x', 90))).ToList();
        var snippet = await Snippets(new LogsOptions { MaxLines = 20, MaxChars = 500, MaxLineChars = 300 }, new FixedSource("loki", lines)).GetAsync(Query, CancellationToken.None);

        Assert.True(snippet.Lines.Sum(l => l.Text.Length) <= 500);
        Assert.Equal(5, snippet.Lines.Count);
        Assert.Equal(15, snippet.OmittedLines); // the source gave 20 (MaxLines); 5 fit
        Assert.StartsWith("line 1 ", snippet.Lines[0].Text);
    }

    [Fact]
    public async Task Long_lines_are_clipped_and_multi_line_entries_become_one_line()
    {
        var lines = new[] { new LogLine(Now, new string('a', 1000)), new LogLine(Now, "Exception: boom\n   at Checkout.Pay()\n   at Main()") };
        var snippet = await Snippets(new LogsOptions { MaxLineChars = 100 }, new FixedSource("loki", lines)).GetAsync(Query, CancellationToken.None);

        Assert.Equal(100, snippet.Lines[0].Text.Length);
        Assert.EndsWith("…", snippet.Lines[0].Text);
        Assert.Equal("Exception: boom ⏎    at Checkout.Pay() ⏎    at Main()", snippet.Lines[1].Text);
        Assert.True(snippet.Lines[1].IsError);
        Assert.False(snippet.Lines[0].IsError);
    }

    [Fact]
    public async Task Sources_answer_in_order_and_a_failing_one_is_named_not_fatal()
    {
        var alert = new FixedSource("alert", [new LogLine(Now.AddMinutes(-10), "Checkout down for a@b.example")]);
        var loki = new FixedSource("loki", [new LogLine(Now, "level=error boom")]);
        var snippet = await Snippets(new LogsOptions(), alert, new FailingSource(), loki).GetAsync(Query, CancellationToken.None);

        Assert.Equal(["alert", "loki"], snippet.Lines.Select(l => l.Source));
        Assert.Equal("Checkout down for [email]", snippet.Lines[0].Text);
        Assert.Equal(["elastic logs are unavailable right now"], snippet.Problems);
    }
}
