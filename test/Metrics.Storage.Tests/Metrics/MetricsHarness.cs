using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>Processes' metrics over one shared in-memory store, flushed only when a test says so.</summary>
internal static class MetricsHarness
{
    public static DistributedMetrics Create(IMetricStore store, Action<DistributedMetricsOptions>? configure = null)
    {
        var options = new DistributedMetricsOptions { FlushInterval = TimeSpan.FromHours(1) }.UseInMemory();
        configure?.Invoke(options);
        return DistributedMetrics.Create(options, store);
    }

    public static (DistributedMetrics Metrics, InMemoryMetricStore Store) Create()
    {
        var store = new InMemoryMetricStore();
        return (Create(store), store);
    }
}
