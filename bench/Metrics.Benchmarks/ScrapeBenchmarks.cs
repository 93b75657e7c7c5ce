using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A scrape of 10 000 series: ours read from each store and encoded as text exposition the way <c>/metrics</c> does it
/// (<see cref="DistributedMetrics.ScrapeAsync"/>, then the body written to a stream), beside
/// prometheus-net's export of its in-memory registry and a scrape of OpenTelemetry's Prometheus exporter middleware
/// (through an in-process test server). The setup checks that every source exposes the same family and series.
/// </summary>
public class ScrapeBenchmarks
{
    private LoadedStores stores = null!;
    private PeerExposition peers = null!;

    /// <summary>
    /// Starts redis-server and a 3-master cluster, creates the SQLite file, stores 10 000 series in each store and in
    /// both peers, and compares their expositions.
    /// </summary>
    [GlobalSetup]
    public async Task Setup()
    {
        stores = await LoadedStores.CreateAsync(withCluster: true);
        peers = await PeerExposition.StartAsync();
        await ExpositionCheck.RequireSameSeriesAsync("the in-memory store", s => ScrapeAsync(stores.Memory, s));
        await ExpositionCheck.RequireSameSeriesAsync("SQLite", s => ScrapeAsync(stores.Sqlite, s));
        await ExpositionCheck.RequireSameSeriesAsync("Redis", s => ScrapeAsync(stores.Redis, s));
        await ExpositionCheck.RequireSameSeriesAsync("Redis Cluster", s => ScrapeAsync(stores.RedisCluster!, s));
        await ExpositionCheck.RequireSameSeriesAsync("prometheus-net", peers.ExportPrometheusNetAsync);
        await ExpositionCheck.RequireSameSeriesAsync("OpenTelemetry's Prometheus exporter", peers.ScrapeOpenTelemetryAsync);
    }

    /// <summary>Releases the stores and the peers, kills the Redis servers and deletes the SQLite file.</summary>
    [GlobalCleanup]
    public async Task Cleanup()
    {
        await stores.DisposeAsync();
        await peers.DisposeAsync();
    }

    /// <summary>Reads 10 000 series from Redis and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Redis() => ScrapeAsync(stores.Redis, Stream.Null);

    /// <summary>
    /// Reads 10 000 series from a 3-master cluster in spread mode (the slot set, each slot's index and metadata, then
    /// the family) and streams their exposition.
    /// </summary>
    [Benchmark]
    public Task Scrape_10k_Series_RedisCluster() => ScrapeAsync(stores.RedisCluster!, Stream.Null);

    /// <summary>Reads 10 000 series from SQLite and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_Sqlite() => ScrapeAsync(stores.Sqlite, Stream.Null);

    /// <summary>Reads 10 000 series from the in-memory store and streams their exposition.</summary>
    [Benchmark]
    public Task Scrape_10k_Series_InMemory() => ScrapeAsync(stores.Memory, Stream.Null);

    /// <summary>Peer: prometheus-net's <c>CollectAndExportAsTextAsync</c> of 10 000 series in its registry.</summary>
    [Benchmark]
    public Task PrometheusNet_Scrape_10k_Series() => peers.ExportPrometheusNetAsync(Stream.Null);

    /// <summary>Peer: a scrape of OpenTelemetry's Prometheus exporter middleware holding 10 000 series.</summary>
    [Benchmark]
    public Task OpenTelemetry_Scrape_10k_Series() => peers.ScrapeOpenTelemetryAsync(Stream.Null);

    private static async Task ScrapeAsync(DistributedMetrics metrics, Stream destination)
    {
        var body = await metrics.ScrapeAsync(ExpositionFormat.PrometheusText, escaping: null, gzip: false, CancellationToken.None);
        try
        {
            await body.WriteToAsync(destination, CancellationToken.None);
        }
        finally
        {
            body.Release();
        }
    }
}
