using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A flush and a scrape (protobuf, the format that carries native buckets) of 1 000 native-histogram series with 160
/// buckets each, on a redis-server of its own and an SQLite file; the observations happen in the untimed setup.
/// </summary>
public class NativeHistogramBenchmarks
{
    private const int SeriesCount = 1_000;
    private const int Buckets = 160;

    private LocalRedis redis = null!;
    private string sqliteFolder = null!;
    private DistributedMetrics redisMetrics = null!;
    private DistributedMetrics sqliteMetrics = null!;
    private IHistogramSeries[] redisSeries = null!;
    private IHistogramSeries[] sqliteSeries = null!;

    /// <summary>Starts redis-server, creates the SQLite file and stores every series with its 160 buckets once.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        redis = LocalRedis.Start();
        sqliteFolder = Directory.CreateTempSubdirectory("native-bench-").FullName;
        // A scrape reads one hash of 165 000 fields: a loaded host may need more than the client's default 5 s.
        redisMetrics = SeriesLoad.CreateMetrics(o => o.UseRedis(redis.EndPoint + ",asyncTimeout=60000,syncTimeout=60000"));
        sqliteMetrics = SeriesLoad.CreateMetrics(o => o.UseSqlite(Path.Combine(sqliteFolder, "metrics.db")));
        redisSeries = Declare(redisMetrics);
        sqliteSeries = Declare(sqliteMetrics);
        ObserveAll(redisSeries);
        ObserveAll(sqliteSeries);
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

    /// <summary>Puts one more observation in every bucket of every Redis-backed series.</summary>
    [IterationSetup(Target = nameof(NativeHistogram_Flush_1k_Series_160_Buckets_Redis))]
    public void ChangeRedisSeries() => ObserveAll(redisSeries);

    /// <summary>Puts one more observation in every bucket of every SQLite-backed series.</summary>
    [IterationSetup(Target = nameof(NativeHistogram_Flush_1k_Series_160_Buckets_Sqlite))]
    public void ChangeSqliteSeries() => ObserveAll(sqliteSeries);

    /// <summary>Sends 1 000 changed native series of 160 buckets to Redis in one flush.</summary>
    [Benchmark]
    public Task NativeHistogram_Flush_1k_Series_160_Buckets_Redis() => redisMetrics.FlushAsync();

    /// <summary>Sends 1 000 changed native series of 160 buckets to SQLite in one flush.</summary>
    [Benchmark]
    public Task NativeHistogram_Flush_1k_Series_160_Buckets_Sqlite() => sqliteMetrics.FlushAsync();

    /// <summary>Reads 1 000 native series from Redis and streams them as protobuf.</summary>
    [Benchmark]
    public Task NativeHistogram_Scrape_1k_Series_160_Buckets_Redis() => ScrapeAsync(redisMetrics);

    /// <summary>Reads 1 000 native series from SQLite and streams them as protobuf.</summary>
    [Benchmark]
    public Task NativeHistogram_Scrape_1k_Series_160_Buckets_Sqlite() => ScrapeAsync(sqliteMetrics);

    private static IHistogramSeries[] Declare(DistributedMetrics metrics)
    {
        var histogram = metrics.CreateHistogram("bench_payload_bytes", "Payload size by path.", new NativeHistogramOptions(), "path");
        return [.. Enumerable.Range(0, SeriesCount).Select(i => histogram.WithLabels("/items/" + i.ToString(CultureInfo.InvariantCulture)))];
    }

    /// <summary>One observation in each of buckets 1 to 160 at schema 3 (just above each bucket's lower bound).</summary>
    private static void ObserveAll(IHistogramSeries[] series)
    {
        foreach (var one in series)
        {
            for (var key = 1; key <= Buckets; key++)
            {
                one.Observe(Math.Pow(2, (key - 1) / 8.0) * 1.01);
            }
        }
    }

    private static async Task ScrapeAsync(DistributedMetrics metrics)
    {
        var snapshot = await metrics.CollectAsync();
        await snapshot.WriteAsync(Stream.Null, ExpositionFormat.Protobuf);
    }
}
