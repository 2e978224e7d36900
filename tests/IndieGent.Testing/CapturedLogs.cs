using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IndieGent.Testing;

/// <summary>Keeps every log line (message, state values, exception text) a host writes, for redaction tests.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Every line so far, joined.</summary>
    public string All => string.Join('\n', _lines);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {category} {logLevel}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
