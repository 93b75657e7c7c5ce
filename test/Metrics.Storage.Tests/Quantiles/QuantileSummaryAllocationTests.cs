using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Quantiles;

/// <summary>Observing into an existing summary series with quantiles allocates nothing once its sketch covers the values.</summary>
public sealed class QuantileSummaryAllocationTests
{
    private static readonly double[] Values = [0.001, 0.042, -3, 0, 12.5, 1e6, 512];

    [Fact]
    public async Task Observing_existing_quantile_series_allocates_nothing()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var summary = metrics.CreateSummary("size_bytes", "Size.", [0.5, 0.9, 0.99], "route");
        // The first round settles the sketch's bucket window; the second touches each of its cells, whose per-thread page
        // this thread allocates once.
        Observe(summary);
        Observe(summary);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Observe(summary);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Observe(ISummary summary)
    {
        foreach (var value in Values)
        {
            summary.WithLabels("/orders/{id}").Observe(value);
        }
    }
}
