using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A scrape of one family of 200 000 series from Redis (a 5 MB body) as <c>/metrics</c> runs it
/// (<see cref="DistributedMetrics.ScrapeAsync"/>, then the body written to a stream), and for comparison a
/// <see cref="DistributedMetrics.CollectAsync"/> of the same store written to a stream: the allocated bytes per scrape
/// (the memory diagnoser) and the peak working set above idle over all scrapes, which <see cref="Cleanup"/> prints
/// (target: at most 100 MB above idle).
/// </summary>
public class LargeScrapeBenchmarks
{
    private const int SeriesCount = 200_000;

    private LocalRedis redis = null!;
    private DistributedMetrics metrics = null!;
    private WorkingSetPeak peak = null!;

    /// <summary>Starts redis-server and stores 200 000 series of one counter, then records the idle working set.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        redis = LocalRedis.Start();
        metrics = DistributedMetrics.Create(o =>
        {
            o.UseRedis(redis.EndPoint);
            o.FlushInterval = TimeSpan.FromHours(1);
            o.MaxSeriesPerMetric = SeriesCount;
            o.ScrapeCacheDuration = TimeSpan.Zero;
            o.SelfMetrics = false;
        });
        var counter = metrics.CreateCounter("bench_large_total", "Requests by path.", "path");
        for (var i = 0; i < SeriesCount; i++)
        {
            counter.WithLabels("/items/" + i.ToString(CultureInfo.InvariantCulture)).Inc();
        }

        await metrics.FlushAsync();
        peak = new WorkingSetPeak();
    }

    /// <summary>Prints the scrape row's peak working set above idle and releases everything (<see cref="CleanupAsync"/>).</summary>
    [GlobalCleanup(Target = nameof(Scrape_200k_Series_Redis))]
    public Task CleanupScrape() => CleanupAsync(nameof(Scrape_200k_Series_Redis));

    /// <summary>Prints the collect row's peak working set above idle and releases everything (<see cref="CleanupAsync"/>).</summary>
    [GlobalCleanup(Target = nameof(Collect_200k_Series_Redis))]
    public Task CleanupCollect() => CleanupAsync(nameof(Collect_200k_Series_Redis));

    /// <summary>Reads 200 000 series from Redis a family at a time into an encoded body and writes it to a stream.</summary>
    [Benchmark]
    public async Task Scrape_200k_Series_Redis()
    {
        var body = await metrics.ScrapeAsync(ExpositionFormat.PrometheusText, escaping: null, gzip: false, CancellationToken.None);
        try
        {
            await body.WriteToAsync(Stream.Null, CancellationToken.None);
        }
        finally
        {
            body.Release();
        }
    }

    /// <summary>Reads 200 000 series from Redis into a snapshot (every family kept) and writes its exposition to a stream.</summary>
    [Benchmark]
    public async Task Collect_200k_Series_Redis()
    {
        var snapshot = await metrics.CollectAsync();
        await snapshot.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);
    }

    /// <summary>Prints the peak working set above idle of row <paramref name="row"/>, then releases the store and kills redis-server.</summary>
    private async Task CleanupAsync(string row)
    {
        peak.Dispose();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// {row}: idle working set {peak.Idle / 1e6:0.0} MB, peak {peak.Peak / 1e6:0.0} MB, {(peak.Peak - peak.Idle) / 1e6:0.0} MB above idle"));
        await metrics.DisposeAsync();
        redis.Dispose();
    }
}
