namespace SupportBot.Conversation;

/// <summary>
/// The CloudAdapter logs every refused token (no header, wrong audience, a signature it cannot check) as an error
/// with a stack trace, so any stranger could fill the log with them. This logger turns those into one warning line.
/// </summary>
public sealed class QuietRefusals(ILogger inner) : ILogger
{
    private static readonly string RefusalPrefix = typeof(UnauthorizedAccessException).FullName + ":";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is UnauthorizedAccessException refused)
        {
            inner.LogWarning("Refused an activity on /api/messages: {Reason}", refused.Message);
            return;
        }
        // The adapter logs the refusal as text: "System.UnauthorizedAccessException: No Authorization header\n   at …".
        var text = formatter(state, exception);
        if (exception is null && text.StartsWith(RefusalPrefix, StringComparison.Ordinal))
            inner.LogWarning("Refused an activity on /api/messages: {Reason}", text[RefusalPrefix.Length..].Split('\n')[0].Trim());
        else
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
