namespace SupportBot.Logs;

/// <summary>Somewhere log lines for a service come from. Sources are asked in the order they are registered.</summary>
public interface ILogSource
{
    string Name { get; }

    /// <summary>The lines this source has for the query (newest first, at most <paramref name="limit"/>), or an empty batch.</summary>
    Task<LogBatch> FetchAsync(LogQuery query, int limit, CancellationToken ct);
}
