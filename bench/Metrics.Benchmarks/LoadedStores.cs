namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The stores of the flush and scrape benchmarks, each holding 10 000 series flushed once: a redis-server of its
/// own on a free loopback port, an SQLite file in a temporary folder, the in-memory store (the one-process
/// reference) and, when asked for, a 3-master Redis Cluster of its own with a prefix without a hash tag (spread
/// mode). Disposing releases them and cleans up.
/// </summary>
internal sealed class LoadedStores : IAsyncDisposable
{
    private readonly LocalRedis redis;
    private readonly string sqliteFolder;
    private readonly LocalRedisCluster? cluster;

    private LoadedStores(LocalRedis redis, string sqliteFolder, LocalRedisCluster? cluster)
    {
        this.redis = redis;
        this.sqliteFolder = sqliteFolder;
        this.cluster = cluster;
        Redis = SeriesLoad.CreateMetrics(o => o.UseRedis(redis.EndPoint));
        Sqlite = SeriesLoad.CreateMetrics(o => o.UseSqlite(Path.Combine(sqliteFolder, "metrics.db")));
        Memory = SeriesLoad.CreateMetrics(o => o.InMemory = true);
        RedisSeries = new SeriesLoad(Redis);
        SqliteSeries = new SeriesLoad(Sqlite);
        MemorySeries = new SeriesLoad(Memory);
        if (cluster is not null)
        {
            RedisCluster = SeriesLoad.CreateMetrics(o => o.UseRedis(cluster.Configuration, "bench"));
            RedisClusterSeries = new SeriesLoad(RedisCluster);
        }
    }

    public DistributedMetrics Redis { get; }

    public DistributedMetrics Sqlite { get; }

    public DistributedMetrics Memory { get; }

    /// <summary>Metrics on the cluster; null unless created with one.</summary>
    public DistributedMetrics? RedisCluster { get; }

    public SeriesLoad RedisSeries { get; }

    public SeriesLoad SqliteSeries { get; }

    public SeriesLoad MemorySeries { get; }

    public SeriesLoad? RedisClusterSeries { get; }

    public static async Task<LoadedStores> CreateAsync(bool withCluster = false)
    {
        var cluster = withCluster ? await LocalRedisCluster.StartAsync() : null;
        var stores = new LoadedStores(LocalRedis.Start(), Directory.CreateTempSubdirectory("sqlite-bench-").FullName, cluster);
        stores.RedisSeries.IncrementAll();
        stores.SqliteSeries.IncrementAll();
        stores.MemorySeries.IncrementAll();
        stores.RedisClusterSeries?.IncrementAll();
        await stores.Redis.FlushAsync();
        await stores.Sqlite.FlushAsync();
        await stores.Memory.FlushAsync();
        if (stores.RedisCluster is { } clustered)
        {
            await clustered.FlushAsync();
        }

        return stores;
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Sqlite.DisposeAsync();
        await Memory.DisposeAsync();
        if (RedisCluster is not null)
        {
            await RedisCluster.DisposeAsync();
        }

        redis.Dispose();
        cluster?.Dispose();
        Directory.Delete(sqliteFolder, recursive: true);
    }
}
