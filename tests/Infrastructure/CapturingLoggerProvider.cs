using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// The bot's log as an operator reads it (add with services.AddSingleton&lt;ILoggerProvider&gt;): its warnings and errors,
/// or from <paramref name="least"/> up; each line starts with <paramref name="tag"/> (which instance wrote it). With
/// <paramref name="stamped"/> each line starts with the time (before the tag) and ends with its exception's message,
/// for the log a failing failover test prints.
/// </summary>
public sealed class CapturingLoggerProvider(LogLevel least = LogLevel.Warning, string tag = "", bool stamped = false) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyList<string> Lines => _lines.ToList();
    public ILogger CreateLogger(string categoryName) => new Logger(_lines, least, tag, stamped);
    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> lines, LogLevel least, string tag, bool stamped) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= least && logLevel != LogLevel.None;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lines.Enqueue(stamped
                ? $"{DateTime.UtcNow:HH:mm:ss.fff} {tag}{formatter(state, exception)}{(exception is null ? "" : $" ({Describe(exception)})")}"
                : tag + formatter(state, exception));
        }

        /// <summary>The exception and its inner ones, type and message, on one line.</summary>
        private static string Describe(Exception exception)
        {
            var parts = new List<string>();
            for (Exception? e = exception; e is not null; e = e.InnerException)
                parts.Add($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return string.Join(" ← ", parts);
        }
    }
}
