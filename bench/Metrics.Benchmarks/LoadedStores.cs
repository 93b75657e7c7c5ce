namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The two stores of the flush and scrape benchmarks, each holding 10 000 series flushed once: a redis-server of its
/// own on a free loopback port and an SQLite file in a temporary folder. Disposing releases both and cleans up.
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
        RedisSeries = new SeriesLoad(Redis);
        SqliteSeries = new SeriesLoad(Sqlite);
    }

    public DistributedMetrics Redis { get; }

    public DistributedMetrics Sqlite { get; }

    public SeriesLoad RedisSeries { get; }

    public SeriesLoad SqliteSeries { get; }

    public static async Task<LoadedStores> CreateAsync()
    {
        var stores = new LoadedStores(LocalRedis.Start(), Directory.CreateTempSubdirectory("sqlite-bench-").FullName);
        stores.RedisSeries.IncrementAll();
        stores.SqliteSeries.IncrementAll();
        await stores.Redis.FlushAsync();
        await stores.Sqlite.FlushAsync();
        return stores;
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Sqlite.DisposeAsync();
        redis.Dispose();
        Directory.Delete(sqliteFolder, recursive: true);
    }
}
