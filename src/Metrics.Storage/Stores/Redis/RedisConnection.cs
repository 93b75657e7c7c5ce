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
    private IConnectionMultiplexer? multiplexer;
    private TimeSpan operationTimeout;
    private bool disposed;

    /// <summary>Parses the configuration (without connecting); exactly one of the two must be set.</summary>
    public RedisConnection(string? configuration, Func<Task<IConnectionMultiplexer>>? factory)
    {
        if ((configuration is null) == (factory is null))
        {
            throw new ArgumentException(
                "Set exactly one of RedisStoreSettings.Configuration and RedisStoreSettings.ConnectionFactory.");
        }

        this.factory = factory;
        if (configuration is not null)
        {
            options = Parse(configuration);
            operationTimeout = TimeSpan.FromMilliseconds(options.AsyncTimeout);
        }
        else
        {
            operationTimeout = TimeSpan.FromMilliseconds(new ConfigurationOptions().AsyncTimeout);
        }
    }

    /// <summary>
    /// How long one call may wait for Redis: the multiplexer's <c>asyncTimeout</c> (which defaults to its
    /// <c>syncTimeout</c>), read from the configuration this store was given or, for a multiplexer the application
    /// supplied, from that multiplexer's configuration once it is known.
    /// </summary>
    public TimeSpan OperationTimeout => operationTimeout;

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

    /// <summary>
    /// Parses a configuration string strictly and makes a lost connection fail calls at once
    /// (<see cref="BacklogPolicy.FailFast"/>) instead of queueing them until they time out: a flush that failed is
    /// retried with the same batch anyway, and a scrape answers 503 instead of waiting.
    /// </summary>
    private static ConfigurationOptions Parse(string configuration)
    {
        var parsed = ConfigurationOptions.Parse(configuration);
        parsed.AbortOnConnectFail = false;
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        return parsed;
    }

    /// <summary>The async timeout a supplied multiplexer was configured with (its sync timeout when none was set).</summary>
    private static int AsyncTimeoutOf(IConnectionMultiplexer supplied) =>
        ConfigurationOptions.Parse(supplied.Configuration, ignoreUnknown: true).AsyncTimeout;
}
