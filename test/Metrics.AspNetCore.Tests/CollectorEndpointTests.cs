using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Collectors registered with <c>AddCollector&lt;T&gt;()</c>, seen through the <c>/metrics</c> endpoint.</summary>
public sealed class CollectorEndpointTests
{
    private readonly ITestOutputHelper output = TestContext.Current.TestOutputHelper!;

    /// <summary>
    /// One collector sleeps five seconds (blocking its thread, ignoring cancellation) against the default one-second
    /// budget. The elapsed time is printed as the figure for the issue note, not asserted.
    /// </summary>
    [Fact]
    public async Task Scrape_with_a_sleeping_collector_serves_store_and_other_collectors_and_counts_the_sleeper()
    {
        using var host = await StartAsync(builder => builder.AddCollector<SleepingCollector>().AddCollector<QueueCollector>());
        host.Services.GetRequiredService<IMetricFactory>().CreateCounter("orders_total", "Orders.").Inc(2);
        await host.Services.GetRequiredService<DistributedMetrics>().FlushAsync(TestContext.Current.CancellationToken);
        using var client = host.GetTestClient();

        for (var scrape = 1; scrape <= 2; scrape++)
        {
            var clock = Stopwatch.StartNew();
            using var each = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
            await each.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            output.WriteLine($"Scrape {scrape} with a collector sleeping 5 s against a 1 s budget: {(int)each.StatusCode} in {clock.ElapsedMilliseconds} ms.");
        }

        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        output.WriteLine(body);

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("orders_total 2\n", body, StringComparison.Ordinal);
        Assert.Contains("queue_depth 4\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sleepy_value", body, StringComparison.Ordinal);
        Assert.Contains("distributed_metrics_collector_failures_total{collector=\"SleepingCollector\"} 3\n", body, StringComparison.Ordinal);
        Assert.Contains("distributed_metrics_collector_failures_total{collector=\"QueueCollector\"} 0\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_collector_twice_registers_it_once()
    {
        var services = new ServiceCollection();
        services.AddDistributedMetrics(o => o.UseInMemory()).AddCollector<QueueCollector>().AddCollector<QueueCollector>();

        Assert.Single(services, d => d.ServiceType == typeof(IMetricsCollector));
    }

    [Fact]
    public async Task Graphite_bridge_with_a_bad_address_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => StartAsync(builder => builder.AddGraphiteBridge(o => o.Address = "no-port")));

        Assert.Contains("GraphiteBridge: Address must be host:port", error.Message, StringComparison.Ordinal);
    }

    private static Task<IHost> StartAsync(Action<IDistributedMetricsBuilder> configure) =>
        TestHosts.StartAsync(
            o =>
            {
                o.UseInMemory();

                // Every scrape runs the collectors: no shared read between the scrapes a test counts.
                o.ScrapeCacheDuration = TimeSpan.Zero;
            },
            features: configure);

    private sealed class SleepingCollector : IMetricsCollector
    {
        public ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken)
        {
            Thread.Sleep(TimeSpan.FromSeconds(5));
            sink.AddGauge("sleepy_value", "Too late.").Add([], 1);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class QueueCollector : IMetricsCollector
    {
        public ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken)
        {
            sink.AddGauge("queue_depth", "Messages waiting.").Add([], 4);
            return ValueTask.CompletedTask;
        }
    }
}
