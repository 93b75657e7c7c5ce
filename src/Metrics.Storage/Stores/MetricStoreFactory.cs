using Prometheus.Distributed.Stores.InMemory;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Sqlite;

namespace Prometheus.Distributed.Stores;

/// <summary>Creates the store that validated options chose; no store does I/O before its first use.</summary>
internal static class MetricStoreFactory
{
    public static IMetricStore Create(DistributedMetricsOptions options)
    {
        if (options.Sqlite is { } path)
        {
            return new SqliteMetricStore(new SqliteStoreSettings(path));
        }

        if (options.RedisConnection is { } connection)
        {
            return new RedisMetricStore(new RedisStoreSettings
            {
                ConnectionFactory = () => Task.FromResult(connection),
                Prefix = options.Prefix,
                Expiry = options.Expiry,
            });
        }

        if (options.Redis is { } configuration)
        {
            return new RedisMetricStore(new RedisStoreSettings
            {
                Configuration = configuration,
                Prefix = options.Prefix,
                Expiry = options.Expiry,
            });
        }

        return new InMemoryMetricStore();
    }
}
