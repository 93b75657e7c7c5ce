using Microsoft.Extensions.Logging;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The logger factory of a multiplexer the store opens: it passes every entry on to the application's factory (when the
/// configuration had one) and hands each logged exception that is a refusal (<see cref="RedisAccessErrors"/>) to
/// <paramref name="refused"/>. The client logs a refused TLS handshake as it happens, during the connect itself, before
/// anything can listen to the multiplexer's events, and that refusal may never reach a call's exception.
/// </summary>
/// <param name="inner">The application's logger factory, or null.</param>
/// <param name="refused">Called with each refusal the client logs.</param>
internal sealed class RefusalLoggerFactory(ILoggerFactory? inner, Action<Exception> refused) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RefusalLogger(inner?.CreateLogger(categoryName), refused);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner?.AddProvider(provider);

    /// <summary>The application's factory is the application's to dispose.</summary>
    public void Dispose()
    {
    }

    private sealed class RefusalLogger(ILogger? inner, Action<Exception> refused) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) => inner?.BeginScope(state) ?? NoScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error || inner?.IsEnabled(logLevel) == true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && RedisAccessErrors.TryExplain(exception, out _))
            {
                refused(exception);
            }

            if (inner?.IsEnabled(logLevel) == true)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
