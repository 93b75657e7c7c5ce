using System.Globalization;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The store's lazily opened multiplexer: opened on first use behind a gate, never in the constructor, with
/// <c>AbortOnConnectFail = false</c> so an unreachable Redis yields failing calls instead of a failed start-up.
/// Closes the multiplexer only when it created it.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private const string AsyncTimeoutKeyword = "asyncTimeout=";

    private readonly ConfigurationOptions? options;
    private readonly Func<Task<IConnectionMultiplexer>>? factory;
    private readonly TimeSpan? asyncTimeout;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnectionMultiplexer? multiplexer;
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
            (options, asyncTimeout) = Parse(configuration);
        }
    }

    /// <summary>How long one call may wait for Redis: <c>asyncTimeout</c> when configured, else the sync timeout.</summary>
    public TimeSpan OperationTimeout =>
        asyncTimeout ?? TimeSpan.FromMilliseconds(multiplexer?.TimeoutMilliseconds ?? options?.SyncTimeout ?? 5000);

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
            multiplexer ??= options is not null
                ? await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false)
                : await factory!().WaitAsync(cancellationToken).ConfigureAwait(false);
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
    /// Parses a configuration string. <c>asyncTimeout</c> (a StackExchange.Redis 2.x keyword that 1.x rejects) is
    /// taken out and applied by the store itself; every other keyword is parsed strictly.
    /// </summary>
    private static (ConfigurationOptions Options, TimeSpan? AsyncTimeout) Parse(string configuration)
    {
        TimeSpan? asyncTimeout = null;
        var rest = new List<string>();
        foreach (var token in configuration.Split(','))
        {
            var trimmed = token.Trim();
            if (trimmed.StartsWith(AsyncTimeoutKeyword, StringComparison.OrdinalIgnoreCase))
            {
                var milliseconds = int.Parse(trimmed.AsSpan(AsyncTimeoutKeyword.Length), CultureInfo.InvariantCulture);
                asyncTimeout = TimeSpan.FromMilliseconds(milliseconds);
            }
            else
            {
                rest.Add(token);
            }
        }

        var options = ConfigurationOptions.Parse(string.Join(',', rest));
        options.AbortOnConnectFail = false;
        return (options, asyncTimeout);
    }
}
