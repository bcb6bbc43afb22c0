using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>Keeps every log entry written through it, with its structured values, for tests that check what was reported.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Entries whose message starts with <paramref name="messageStart"/>.</summary>
    public IReadOnlyList<Entry> Where(string messageStart) =>
        Entries.Where(e => e.Message.StartsWith(messageStart, StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), values.ToDictionary(p => p.Key, p => p.Value)));
        }
    }
}
