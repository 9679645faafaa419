namespace SupportBot.Logs;

/// <summary>What to fetch: a service's lines in a time range, all of them or errors only.</summary>
public sealed record LogQuery(string Service, DateTimeOffset From, DateTimeOffset To, bool ErrorsOnly, Incidents.Incident? Incident = null);

/// <summary>One line as a source returned it (not yet redacted).</summary>
public sealed record LogLine(DateTimeOffset At, string Text);

/// <summary>What one source found; <see cref="Link"/> opens the full query where the source has a UI for it.</summary>
public sealed record LogBatch(string SourceName, IReadOnlyList<LogLine> Lines, string? Query = null, string? Link = null);

/// <summary>The bounded, redacted snippet a rep sees.</summary>
public sealed record LogSnippet(
    string Service,
    DateTimeOffset From,
    DateTimeOffset To,
    bool ErrorsOnly,
    IReadOnlyList<SnippetLine> Lines,
    int OmittedLines,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Problems,
    string? ExploreLink);

public sealed record SnippetLine(DateTimeOffset At, string Source, string Text, bool IsError);
