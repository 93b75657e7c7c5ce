using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>A scrape of 10 000 stored series: read from the store and written as text exposition to a stream.</summary>
public class ScrapeBenchmarks
{
    private LoadedStores stores = null!;

    /// <summary>Starts redis-server, creates the SQLite file and stores 10 000 series in each.</summary>
    [GlobalSetup]
    public async Task Setup() => stores = await LoadedStores.CreateAsync();

    /// <summary>Releases both stores, kills redis-server and deletes the SQLite file.</summary>
    [GlobalCleanup]
    public Task Cleanup() => stores.DisposeAsync().AsTask();

    /// <summary>Reads 10 000 series from Redis and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Redis() => ScrapeAsync(stores.Redis);

    /// <summary>Reads 10 000 series from SQLite and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Sqlite() => ScrapeAsync(stores.Sqlite);

    private static async Task ScrapeAsync(DistributedMetrics metrics)
    {
        var snapshot = await metrics.CollectAsync();
        await snapshot.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);
    }
}
