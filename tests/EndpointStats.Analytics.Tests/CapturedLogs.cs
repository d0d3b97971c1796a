using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Analytics.Tests;

/// <summary>Keeps every log entry of a host, to assert on what it said and how often.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries => [.. _entries];

    public IReadOnlyList<string> WithId(int eventId) => Entries.Where(e => e.EventId == eventId).Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
