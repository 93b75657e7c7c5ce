using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>
/// Observing into an existing series with native buckets (a native histogram's, a quantile summary's sketch) allocates
/// nothing once its bucket window covers the values.
/// </summary>
public sealed class NativeHistogramAllocationTests
{
    private static readonly double[] Values = [0.001, 0.042, -3, 0, 12.5, 1e6];

    [Fact]
    public async Task Observing_existing_native_histogram_or_quantile_summary_series_allocates_nothing()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var histogram = metrics.CreateHistogram("duration_seconds", "Duration.", new NativeHistogramOptions { ClassicBuckets = [0.1, 1] }, "route");
        var summary = metrics.CreateSummary("latency_seconds", "Latency.", [0.5, 0.9, 0.99], "route");
        // The first round settles the bucket windows; the second touches each of their cells, whose per-thread page this
        // thread allocates once (a window may straddle a page boundary).
        Observe(histogram, summary);
        Observe(histogram, summary);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Observe(histogram, summary);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Observe(IHistogram histogram, ISummary summary)
    {
        foreach (var value in Values)
        {
            histogram.WithLabels("/orders/{id}").Observe(value);
            summary.WithLabels("/orders/{id}").Observe(value);
        }
    }
}
