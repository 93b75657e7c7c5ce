using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Keeps every formatted log message and the message of every logged exception, for tests that check what a host logs.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();
    private readonly ConcurrentQueue<string> exceptions = new();

    public IReadOnlyCollection<string> Messages => messages;

    public IReadOnlyCollection<string> Exceptions => exceptions;

    public ILogger CreateLogger(string categoryName) => new Logger(messages, exceptions);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages, ConcurrentQueue<string> exceptions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            messages.Enqueue(formatter(state, exception));
            if (exception is not null)
            {
                exceptions.Enqueue(exception.Message);
            }
        }
    }
}
