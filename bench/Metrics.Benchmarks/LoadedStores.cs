namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The stores of the flush and scrape benchmarks, each holding 10 000 series flushed once: a redis-server of its
/// own on a free loopback port, an SQLite file in a temporary folder, and the in-memory store (the one-process
/// reference). Disposing releases them and cleans up.
/// </summary>
internal sealed class LoadedStores : IAsyncDisposable
{
    private readonly LocalRedis redis;
    private readonly string sqliteFolder;

    private LoadedStores(LocalRedis redis, string sqliteFolder)
    {
        this.redis = redis;
        this.sqliteFolder = sqliteFolder;
        Redis = SeriesLoad.CreateMetrics(o => o.UseRedis(redis.EndPoint));
        Sqlite = SeriesLoad.CreateMetrics(o => o.UseSqlite(Path.Combine(sqliteFolder, "metrics.db")));
        Memory = SeriesLoad.CreateMetrics(o => o.InMemory = true);
        RedisSeries = new SeriesLoad(Redis);
        SqliteSeries = new SeriesLoad(Sqlite);
        MemorySeries = new SeriesLoad(Memory);
    }

    public DistributedMetrics Redis { get; }

    public DistributedMetrics Sqlite { get; }

    public DistributedMetrics Memory { get; }

    public SeriesLoad RedisSeries { get; }

    public SeriesLoad SqliteSeries { get; }

    public SeriesLoad MemorySeries { get; }

    public static async Task<LoadedStores> CreateAsync()
    {
        var stores = new LoadedStores(LocalRedis.Start(), Directory.CreateTempSubdirectory("sqlite-bench-").FullName);
        stores.RedisSeries.IncrementAll();
        stores.SqliteSeries.IncrementAll();
        stores.MemorySeries.IncrementAll();
        await stores.Redis.FlushAsync();
        await stores.Sqlite.FlushAsync();
        await stores.Memory.FlushAsync();
        return stores;
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Sqlite.DisposeAsync();
        await Memory.DisposeAsync();
        redis.Dispose();
        Directory.Delete(sqliteFolder, recursive: true);
    }
}
