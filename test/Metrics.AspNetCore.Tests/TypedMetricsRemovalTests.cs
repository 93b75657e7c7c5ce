using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>A typed metrics class removes a series and clears a metric; /metrics stops serving them.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class TypedMetricsRemovalTests(RedisServerFixture redis)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Typed_metrics_remove_a_series_and_clear_a_metric_from_the_endpoint(string store)
    {
        using var folder = new TempFolder();
        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.Use(store, redis, folder);
                o.ScrapeCacheDuration = TimeSpan.Zero;
            },
            features: metrics => metrics.AddMetrics<QueueMetrics>());
        var queues = host.Services.GetRequiredService<QueueMetrics>();
        queues.Processed.WithLabels("orders").Inc(3);
        queues.Processed.WithLabels("mails").Inc();
        queues.Depth.WithLabels("orders").Set(7);
        await host.DistributedMetrics().FlushAsync(Token);

        queues.Processed.WithLabels("orders").Remove();
        queues.Depth.Clear();
        await host.DistributedMetrics().FlushAsync(Token);
        var body = await host.GetTestClient().GetStringAsync("/metrics", Token);

        Assert.Contains("queue_processed_total{queue=\"mails\"} 1\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("queue_processed_total{queue=\"orders\"}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("queue_depth{", body, StringComparison.Ordinal);
    }

    private sealed class QueueMetrics(IMetricFactory metrics)
    {
        public ICounter Processed { get; } = metrics.CreateCounter("queue_processed_total", "Messages processed.", "queue");

        public IGauge Depth { get; } = metrics.CreateGauge("queue_depth", "Messages waiting.", GaugeMode.MostRecent, "queue");
    }
}
