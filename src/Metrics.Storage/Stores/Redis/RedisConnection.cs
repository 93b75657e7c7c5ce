using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The store's lazily opened multiplexer: opened on first use behind a gate, never in the constructor, with
/// <c>AbortOnConnectFail = false</c> so an unreachable Redis yields failing calls instead of a failed start-up.
/// Closes the multiplexer only when it created it.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions? options;
    private readonly Func<Task<IConnectionMultiplexer>>? factory;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock failureLock = new();
    private IConnectionMultiplexer? multiplexer;
    private TimeSpan operationTimeout;
    private Exception? lastConnectionFailure;
    private bool disposed;

    /// <summary>
    /// Takes the connection settings without connecting: a multiplexer this object opens and owns, from
    /// <see cref="RedisStoreSettings.Configuration"/> or a copy of <see cref="RedisStoreSettings.Options"/> with the
    /// store's connection rules applied, or one the application supplies through
    /// <see cref="RedisStoreSettings.ConnectionFactory"/>. Exactly one of the three must be set.
    /// </summary>
    public RedisConnection(RedisStoreSettings settings)
    {
        var given = (settings.Configuration is null ? 0 : 1) + (settings.Options is null ? 0 : 1) + (settings.ConnectionFactory is null ? 0 : 1);
        if (given != 1)
        {
            throw new ArgumentException(
                "Set exactly one of RedisStoreSettings.Configuration, RedisStoreSettings.Options and RedisStoreSettings.ConnectionFactory.",
                nameof(settings));
        }

        factory = settings.ConnectionFactory;
        var configured = settings.Options ?? (settings.Configuration is { } text ? ConfigurationOptions.Parse(text) : null);
        if (configured is not null)
        {
            options = ForStore(configured);
            options.LoggerFactory = new RefusalLoggerFactory(options.LoggerFactory, Remember);
        }

        operationTimeout = TimeSpan.FromMilliseconds((options ?? new ConfigurationOptions()).AsyncTimeout);
    }

    /// <summary>
    /// How long one call may wait for Redis: the multiplexer's <c>asyncTimeout</c> (which defaults to its
    /// <c>syncTimeout</c>), read from the configuration this store was given or, for a multiplexer the application
    /// supplied, from that multiplexer's configuration once it is known.
    /// </summary>
    public TimeSpan OperationTimeout => operationTimeout;

    /// <summary>Raised when the multiplexer restored a connection it had lost (its <c>ConnectionRestored</c> event).</summary>
    public event Action? Restored;

    /// <summary>
    /// Why the multiplexer's last connection attempt failed (its <c>ConnectionFailed</c> event), until a connection is
    /// restored: a call that fails while the client reconnects may not say it, so the store reads it here.
    /// </summary>
    public Exception? LastConnectionFailure => Volatile.Read(ref lastConnectionFailure);

    /// <summary>Returns the multiplexer, connecting on first use.</summary>
    public async Task<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (multiplexer is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (multiplexer is null)
            {
                var opened = options is not null
                    ? await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false)
                    : await factory!().WaitAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException("The Redis connection factory returned no multiplexer.");
                if (options is null)
                {
                    operationTimeout = TimeSpan.FromMilliseconds(AsyncTimeoutOf(opened));
                }

                opened.ConnectionRestored += OnConnectionRestored;
                opened.ConnectionFailed += OnConnectionFailed;
                multiplexer = opened;
            }

            return multiplexer;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Closes the multiplexer when this object created it.</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            if (multiplexer is not null)
            {
                multiplexer.ConnectionRestored -= OnConnectionRestored;
                multiplexer.ConnectionFailed -= OnConnectionFailed;
            }

            if (options is not null && multiplexer is { } owned)
            {
                await owned.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
                owned.Dispose();
            }

            multiplexer = null;
        }
        finally
        {
            gate.Release();
        }

        gate.Dispose();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        lock (failureLock)
        {
            Volatile.Write(ref lastConnectionFailure, null);
        }

        Restored?.Invoke();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.Exception is { } failure)
        {
            Remember(failure);
        }
    }

    /// <summary>
    /// Keeps the failure that says the most: a refusal (an untrusted certificate, wrong credentials) is not replaced by a
    /// plain socket failure, such as the abort of the endpoint's other connection that the client's own refusal causes.
    /// </summary>
    private void Remember(Exception failure)
    {
        lock (failureLock)
        {
            if (lastConnectionFailure is not { } kept || !RedisAccessErrors.TryExplain(kept, out _)
                || RedisAccessErrors.TryExplain(failure, out _))
            {
                Volatile.Write(ref lastConnectionFailure, failure);
            }
        }
    }

    /// <summary>
    /// A copy of <paramref name="configured"/> that never aborts on a failed connect and makes a lost connection fail
    /// calls at once (<see cref="BacklogPolicy.FailFast"/>) instead of queueing them until they time out: a flush that
    /// failed is retried with the same batch anyway, and a scrape answers 503 instead of waiting.
    /// </summary>
    private static ConfigurationOptions ForStore(ConfigurationOptions configured)
    {
        var copy = configured.Clone();
        copy.AbortOnConnectFail = false;
        copy.BacklogPolicy = BacklogPolicy.FailFast;
        return copy;
    }

    /// <summary>The async timeout a supplied multiplexer was configured with (its sync timeout when none was set).</summary>
    private static int AsyncTimeoutOf(IConnectionMultiplexer supplied) =>
        ConfigurationOptions.Parse(supplied.Configuration, ignoreUnknown: true).AsyncTimeout;
}
