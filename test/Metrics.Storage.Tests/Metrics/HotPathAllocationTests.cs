namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>The hot path must not allocate for an existing series (measured per thread, so it cannot be noise).</summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public async Task Updating_existing_series_allocates_nothing()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var counter = metrics.CreateCounter("requests_total", "Requests.", "method", "route");
        var gauge = metrics.CreateGauge("in_flight", "In flight.", "route");
        var histogram = metrics.CreateHistogram("duration_seconds", "Duration.", "route");
        var summary = metrics.CreateSummary("size_bytes", "Size.", "route");
        Exercise(counter, gauge, histogram, summary);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Exercise(counter, gauge, histogram, summary);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Exercise(ICounter counter, IGauge gauge, IHistogram histogram, ISummary summary)
    {
        counter.WithLabels("GET", "/orders/{id}").Inc();
        gauge.WithLabels("/orders/{id}").Set(3);
        gauge.WithLabels("/orders/{id}").Inc();
        histogram.WithLabels("/orders/{id}").Observe(0.042);
        summary.WithLabels("/orders/{id}").Observe(512);
    }
}
