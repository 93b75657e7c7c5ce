using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The first update of a new labelled series: the lookup misses, the series is created and counted once. Every
/// iteration starts from a counter with no series (ours and prometheus-net's, each in an instance or registry of its
/// own) and creates <see cref="SeriesPerInvoke"/> series, so the figure is per new series.
/// </summary>
public class SeriesCreationBenchmarks
{
    private const int SeriesPerInvoke = 1_000;
    private static readonly string[] Paths = [.. Enumerable.Range(0, SeriesPerInvoke).Select(SeriesLoad.Path)];

    private DistributedMetrics? metrics;
    private ICounter counter = null!;
    private Prometheus.Counter peerCounter = null!;

    /// <summary>A new instance with the counter declared and no series yet.</summary>
    [IterationSetup(Target = nameof(Counter_NewSeries_Inc))]
    public void DeclareCounter()
    {
        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        counter = metrics.CreateCounter("requests_total", "Requests.", "method", "path");
    }

    /// <summary>Disposes the iteration's instance.</summary>
    [IterationCleanup(Target = nameof(Counter_NewSeries_Inc))]
    public void DisposeMetrics() => metrics?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A new prometheus-net registry with the counter declared and no children yet.</summary>
    [IterationSetup(Target = nameof(PrometheusNet_Counter_NewSeries_Inc))]
    public void DeclarePeerCounter() =>
        peerCounter = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())
            .CreateCounter("requests_total", "Requests.", "method", "path");

    /// <summary>Creates and increments <see cref="SeriesPerInvoke"/> new series by two label values.</summary>
    [Benchmark(OperationsPerInvoke = SeriesPerInvoke)]
    public void Counter_NewSeries_Inc()
    {
        foreach (var path in Paths)
        {
            counter.WithLabels("GET", path).Inc();
        }
    }

    /// <summary>Peer: creates and increments <see cref="SeriesPerInvoke"/> new prometheus-net children.</summary>
    [Benchmark(OperationsPerInvoke = SeriesPerInvoke)]
    public void PrometheusNet_Counter_NewSeries_Inc()
    {
        foreach (var path in Paths)
        {
            peerCounter.WithLabels("GET", path).Inc();
        }
    }
}
