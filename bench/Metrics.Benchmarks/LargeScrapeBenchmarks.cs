using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A scrape of one family of 200 000 series from Redis (a 5 MB body), streamed as text to a stream: the allocated
/// bytes per scrape (the memory diagnoser) and the peak working set above idle over all scrapes, which
/// <see cref="Cleanup"/> prints (target: at most 100 MB above idle).
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

    /// <summary>Prints the peak working set above idle, then releases the store and kills redis-server.</summary>
    [GlobalCleanup]
    public async Task Cleanup()
    {
        peak.Dispose();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Scrape_200k_Series_Redis: idle working set {peak.Idle / 1e6:0.0} MB, peak {peak.Peak / 1e6:0.0} MB, {(peak.Peak - peak.Idle) / 1e6:0.0} MB above idle"));
        await metrics.DisposeAsync();
        redis.Dispose();
    }

    /// <summary>Reads 200 000 series from Redis and streams their exposition.</summary>
    [Benchmark]
    public async Task Scrape_200k_Series_Redis()
    {
        var snapshot = await metrics.CollectAsync();
        await snapshot.WriteAsync(Stream.Null, ExpositionFormat.PrometheusText);
    }
}
