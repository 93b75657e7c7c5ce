using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

public sealed class StoreHealthCheckTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readable_store_is_healthy()
    {
        using var host = await StartAsync(o => o.UseInMemory());

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
    }

    [Fact]
    public async Task Damaged_sqlite_file_is_unhealthy_with_the_reason()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251)).ToArray(), Token);
        using var host = await StartAsync(o => o.UseSqlite(path));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The metrics store cannot be read: ", entry.Description, StringComparison.Ordinal);
        Assert.Contains("is not a readable SQLite database", entry.Description, StringComparison.Ordinal);
        await host.StopAsync(Token);
    }

    internal static Task<IHost> StartAsync(Action<DistributedMetricsOptions> configure) =>
        TestHosts.StartAsync(configure, services => services.AddHealthChecks().AddDistributedMetricsStore(), _ => { });

    internal static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);
        return report.Entries["distributed_metrics_store"];
    }
}
