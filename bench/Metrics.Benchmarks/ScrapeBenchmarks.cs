using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>A scrape of 10 000 stored series: read from the store and written as text exposition to a stream.</summary>
public class ScrapeBenchmarks
{
    private LocalRedis redis = null!;
    private string sqliteFolder = null!;
    private DistributedMetrics redisMetrics = null!;
    private DistributedMetrics sqliteMetrics = null!;

    /// <summary>Starts redis-server, creates the SQLite file and stores 10 000 series in each.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        redis = LocalRedis.Start();
        sqliteFolder = Directory.CreateTempSubdirectory("sqlite-bench-").FullName;
        redisMetrics = SeriesLoad.CreateMetrics(o => o.UseRedis(redis.EndPoint));
        sqliteMetrics = SeriesLoad.CreateMetrics(o => o.UseSqlite(Path.Combine(sqliteFolder, "metrics.db")));
        new SeriesLoad(redisMetrics).IncrementAll();
        new SeriesLoad(sqliteMetrics).IncrementAll();
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

    /// <summary>Reads 10 000 series from Redis and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Redis() => ScrapeAsync(redisMetrics);

    /// <summary>Reads 10 000 series from SQLite and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Sqlite() => ScrapeAsync(sqliteMetrics);

    private static async Task ScrapeAsync(DistributedMetrics metrics)
    {
        var snapshot = await metrics.CollectAsync();
        await snapshot.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);
    }
}
