using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The bot's warnings and errors as an operator reads them in the log (add with services.AddSingleton&lt;ILoggerProvider&gt;).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyList<string> Lines => _lines.ToList();
    public ILogger CreateLogger(string categoryName) => new Logger(_lines);
    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception));
        }
    }
}
