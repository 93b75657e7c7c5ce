using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>Observing into an existing native-histogram series allocates nothing once its window covers the values.</summary>
public sealed class NativeHistogramAllocationTests
{
    private static readonly double[] Values = [0.001, 0.042, -3, 0, 12.5, 1e6];

    [Fact]
    public async Task Observing_existing_native_series_allocates_nothing()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var histogram = metrics.CreateHistogram("duration_seconds", "Duration.", new NativeHistogramOptions { ClassicBuckets = [0.1, 1] }, "route");
        // The first round settles the bucket window; the second touches each of its cells, whose per-thread page this
        // thread allocates once (a window may straddle a page boundary).
        Observe(histogram);
        Observe(histogram);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Observe(histogram);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Observe(IHistogram histogram)
    {
        foreach (var value in Values)
        {
            histogram.WithLabels("/orders/{id}").Observe(value);
        }
    }
}
