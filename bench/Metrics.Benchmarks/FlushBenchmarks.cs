using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>One flush of 10 000 changed series to each store (the increments happen in the untimed setup).</summary>
public class FlushBenchmarks
{
    private LocalRedis redis = null!;
    private string sqliteFolder = null!;
    private DistributedMetrics redisMetrics = null!;
    private DistributedMetrics sqliteMetrics = null!;
    private SeriesLoad redisSeries = null!;
    private SeriesLoad sqliteSeries = null!;

    /// <summary>Starts redis-server, creates the SQLite file and announces every series once.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        redis = LocalRedis.Start();
        sqliteFolder = Directory.CreateTempSubdirectory("sqlite-bench-").FullName;
        redisMetrics = SeriesLoad.CreateMetrics(o => o.UseRedis(redis.EndPoint));
        sqliteMetrics = SeriesLoad.CreateMetrics(o => o.UseSqlite(Path.Combine(sqliteFolder, "metrics.db")));
        redisSeries = new SeriesLoad(redisMetrics);
        sqliteSeries = new SeriesLoad(sqliteMetrics);
        redisSeries.IncrementAll();
        sqliteSeries.IncrementAll();
        await redisMetrics.FlushAsync();
        await sqliteMetrics.FlushAsync();
    }

    /// <summary>Releases both stores, kills redis-server and deletes the SQLite file.</summary>
    [GlobalCleanup]
    public async Task Cleanup()
    {
        await redisMetrics.DisposeAsync();
        await sqliteMetrics.DisposeAsync();
        redis.Dispose();
        Directory.Delete(sqliteFolder, recursive: true);
    }

    /// <summary>Changes every Redis-backed series.</summary>
    [IterationSetup(Target = nameof(Flush_10k_Series_Redis))]
    public void ChangeRedisSeries() => redisSeries.IncrementAll();

    /// <summary>Changes every SQLite-backed series.</summary>
    [IterationSetup(Target = nameof(Flush_10k_Series_Sqlite))]
    public void ChangeSqliteSeries() => sqliteSeries.IncrementAll();

    /// <summary>Sends 10 000 changed series to Redis in one flush.</summary>
    [Benchmark]
    public Task Flush_10k_Series_Redis() => redisMetrics.FlushAsync();

    /// <summary>Sends 10 000 changed series to SQLite in one flush.</summary>
    [Benchmark]
    public Task Flush_10k_Series_Sqlite() => sqliteMetrics.FlushAsync();
}
