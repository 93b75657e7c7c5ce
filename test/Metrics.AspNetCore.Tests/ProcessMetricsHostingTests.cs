using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Prometheus.Distributed.Testing;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The host records the process and runtime metrics unless <c>ProcessMetrics</c> is false.</summary>
public sealed class ProcessMetricsHostingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Host_serves_process_metrics_by_default_beside_the_bridged_runtime_meter()
    {
        using var folder = new TempFolder();
        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.UseSqlite(folder.File("metrics.db"));
                o.FlushInterval = TimeSpan.FromMilliseconds(100);
                o.ScrapeCacheDuration = TimeSpan.Zero;
            },
            features: metrics => metrics.AddMeter("System.Runtime"));
        using var client = host.GetTestClient();
        var body = string.Empty;

        await Eventually.HoldsAsync(
            async () =>
            {
                body = await client.GetStringAsync("/metrics", Token);
                return body.Contains("# TYPE dotnet_gc_collections_total counter", StringComparison.Ordinal)
                    && body.Contains("# TYPE process_cpu_seconds_total counter", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            "Process metrics and the System.Runtime meter in one scrape");

        Assert.Contains("# TYPE process_resident_memory_bytes gauge", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_collection_count_total counter", body, StringComparison.Ordinal);
        var types = body.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToArray();
        Assert.Equal(types.Length, types.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Process_metrics_false_leaves_them_out()
    {
        using var host = await TestHosts.StartAsync(o =>
        {
            o.UseInMemory();
            o.ProcessMetrics = false;
        });
        await host.DistributedMetrics().FlushAsync(Token);

        var body = await host.GetTestClient().GetStringAsync("/metrics", Token);

        Assert.Contains("distributed_metrics_", body, StringComparison.Ordinal);
        Assert.DoesNotContain("process_", body, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_", body, StringComparison.Ordinal);
    }
}
