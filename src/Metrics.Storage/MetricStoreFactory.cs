using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Sqlite;

namespace Prometheus.Distributed;

/// <summary>Creates the store that validated options chose; no store does I/O before its first use.</summary>
internal static class MetricStoreFactory
{
    /// <summary>The store of <paramref name="options"/>.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="services">The host's services, which resolve a multiplexer given as a factory; null without a host.</param>
    /// <exception cref="ArgumentException">The multiplexer is to come from services, and there are none.</exception>
    public static IMetricStore Create(DistributedMetricsOptions options, IServiceProvider? services)
    {
        if (options.Sqlite is { } path)
        {
            return new SqliteMetricStore(new SqliteStoreSettings(path) { Retention = options.SqliteRetention, MarkerRetention = options.Expiry });
        }

        if (options.RedisConnectionFactory is { } resolve)
        {
            if (services is null)
            {
                throw new ArgumentException(
                    "UseRedis(Func<IServiceProvider, IConnectionMultiplexer>) resolves the multiplexer from a host's services: "
                    + "use it with AddDistributedMetrics, or pass the multiplexer itself to UseRedis in a process without a host.",
                    nameof(services));
            }

            return Redis(options, new() { ConnectionFactory = () => Task.FromResult(resolve(services)) });
        }

        if (options.RedisConnection is { } connection)
        {
            return Redis(options, new() { ConnectionFactory = () => Task.FromResult(connection) });
        }

        if (options.RedisOptions is { } parsed)
        {
            return Redis(options, new() { Options = parsed });
        }

        if (options.Redis is { } configuration)
        {
            return Redis(options, new() { Configuration = configuration });
        }

        return new InMemoryMetricStore();
    }

    private static RedisMetricStore Redis(DistributedMetricsOptions options, RedisStoreSettings connection) =>
        new(connection with { Prefix = options.Prefix, Expiry = options.Expiry, WaitForReplicas = options.RedisWaitForReplicas });
}
